import { useSyncExternalStore } from 'react';
import { sessionStore, type Session } from './session.store.js';

export const useSession = (): Session => useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
