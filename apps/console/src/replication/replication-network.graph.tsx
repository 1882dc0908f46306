import { Background, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { circleLayout, regionsOf, type NetworkRoute } from './replication-network.js';

/**
 * The drawing of the network (its own lazy chunk: React Flow costs only when a province opens it).
 * Regions are nodes on a circle, each route an arrow from origin to adopter labelled with the
 * innovation. The same routes are in the table beside it, which is what a screen reader reads.
 */
export default function ReplicationNetworkGraph({ routes, regionName, label }: { routes: NetworkRoute[]; regionName: (code: string) => string; label: string }) {
  const positions = circleLayout(regionsOf(routes));
  const nodes: Node[] = Object.entries(positions).map(([code, position]) => ({
    id: code,
    position,
    data: { label: regionName(code) },
    ariaLabel: regionName(code),
    style: { width: 150, fontSize: 12, color: '#1a1b1e', borderColor: '#0b7285' },
  }));
  const edges: Edge[] = routes.map((r) => ({
    id: r.key,
    source: r.from,
    target: r.to,
    label: r.requests > 1 ? `${r.innovationName} (${r.requests})` : r.innovationName,
    ariaLabel: `${r.innovationName}: ${regionName(r.from)} → ${regionName(r.to)}`,
    markerEnd: { type: MarkerType.ArrowClosed, color: '#0b7285' },
    style: { stroke: '#0b7285', strokeWidth: 1 + Math.min(r.requests, 4) },
    labelStyle: { fill: '#1a1b1e', fontSize: 11 },
  }));
  return (
    <div role="figure" aria-label={label} style={{ height: 480, border: '1px solid #dee2e6', borderRadius: 4 }} data-testid="replication-network-graph">
      <ReactFlow nodes={nodes} edges={edges} fitView nodesDraggable={false} nodesConnectable={false} proOptions={{ hideAttribution: true }} minZoom={0.2}>
        <Background />
      </ReactFlow>
    </div>
  );
}
