/** One configuration file as read from disk, before merging. */
export interface ConfigLayer {
  file: string;
  raw: Record<string, unknown>;
}

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Later over earlier: maps merge key by key, lists and scalars replace. A null value
 * (YAML's `time:` left empty) changes nothing, so a half-written overlay cannot erase a section.
 */
export function mergeConfig(base: Mapping, over: Mapping): Mapping {
  const out: Mapping = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null || value === undefined) continue;
    out[key] = isMapping(value) && isMapping(base[key]) ? mergeConfig(base[key], value) : value;
  }
  return out;
}

/**
 * The file that last set a field, so an error points at the overlay to fix. A field no file
 * sets (a required one left out) belongs to the file that set the deepest section around it.
 */
export function originOf(layers: readonly ConfigLayer[], path: readonly string[]): string | undefined {
  let best: { file: string; depth: number } | undefined;
  for (const { file, raw } of layers) {
    let node: unknown = raw;
    let depth = 0;
    for (const key of path) {
      if (!isMapping(node) || node[key] === null || node[key] === undefined) break;
      node = node[key];
      depth++;
    }
    if (depth > 0 && depth >= (best?.depth ?? 0)) best = { file, depth };
  }
  return best?.file;
}
