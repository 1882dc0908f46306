import { highlightParts } from './highlight.js';

/** A text with the searched words in <mark>, as the catalogue shows names and excerpts. */
export function Highlighted({ text, query }: { text: string; query: string }) {
  return (
    <>
      {highlightParts(text, query).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </>
  );
}
