import { useCallback, useEffect, useState } from 'react';

/** Reads a kept draft; a draft from an older form shape is completed from `initial`. */
export function readStoredDraft<T extends object>(key: string, initial: T): T {
  try {
    const saved = globalThis.localStorage?.getItem(key);
    return saved ? { ...initial, ...(JSON.parse(saved) as Partial<T>) } : initial;
  } catch {
    return initial;
  }
}

/**
 * A form's unsent draft, kept in localStorage under `key` while the user types and dropped once
 * sent (`clear`): what a user typed survives a reload, a lost connection or a closed tab.
 */
export function useStoredDraft<T extends object>(key: string, initial: T): [T, (update: (draft: T) => T) => void, () => void] {
  const [draft, setDraft] = useState<T>(() => readStoredDraft(key, initial));
  const [cleared, setCleared] = useState(false);
  useEffect(() => {
    if (!cleared) globalThis.localStorage?.setItem(key, JSON.stringify(draft));
  }, [draft, key, cleared]);
  const update = useCallback((change: (draft: T) => T) => {
    setCleared(false);
    setDraft(change);
  }, []);
  const clear = useCallback(() => {
    setCleared(true);
    globalThis.localStorage?.removeItem(key);
  }, [key]);
  return [draft, update, clear];
}
