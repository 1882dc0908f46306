/** The end of a clipped text, so a reader sees it was cut. */
export const CLIPPED = ' […]';

/**
 * `text` cut to at most `max` UTF-16 units, with CLIPPED at the end when cut. Never splits a
 * surrogate pair: half an emoji is a lone surrogate, which jsonb (an event's envelope) refuses.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - CLIPPED.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + CLIPPED;
}
