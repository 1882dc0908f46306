import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Grouping = MetadataStorage['groupByPropertyName'];

const MEMOIZED = Symbol.for('lumbung.validationMetadataMemoized');

/**
 * class-validator looks up a class's rules on every validate() by scanning every decorated class
 * in the process for ancestors (typestack/class-validator#2686, open): with all of Lumbung's DTO
 * and event classes loaded, that scan was the largest single cost of validating a request body.
 * The rules of a class are all registered when its module loads, before anything can validate
 * it, so the answer is remembered per class and lookup arguments; registering any new rule
 * forgets every answer, so a class defined later (a test's) is still seen whole. class-validator
 * offers no cache of its own, hence this wrapper, applied once per process.
 *
 * validate() then groups the class's rules by property, also on every call; the grouping of a
 * remembered list is remembered with the list (class-validator only reads it), and goes with it.
 */
export function memoizeValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [MEMOIZED]?: true };
  if (marked[MEMOIZED]) return;
  marked[MEMOIZED] = true;

  let answers = new WeakMap<object, Map<string, ReturnType<Lookup>>>();
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (targetConstructor, targetSchema, always, strictGroups, groups) => {
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let byKey = answers.get(targetConstructor);
    if (!byKey) answers.set(targetConstructor, (byKey = new Map()));
    let found = byKey.get(key);
    if (!found) byKey.set(key, (found = lookup(targetConstructor, targetSchema, always, strictGroups, groups)));
    return found;
  };
  const groupings = new WeakMap<object, ReturnType<Grouping>>();
  const group: Grouping = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadatas) => {
    let grouped = groupings.get(metadatas);
    if (!grouped) groupings.set(metadatas, (grouped = group(metadatas)));
    return grouped;
  };
  for (const method of ['addValidationMetadata', 'addValidationSchema'] as const) {
    const register = storage[method].bind(storage) as (arg: never) => void;
    (storage as unknown as Record<string, (arg: never) => void>)[method] = (arg) => {
      answers = new WeakMap();
      register(arg);
    };
  }
}
