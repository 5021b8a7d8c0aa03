/**
 * JSON as the fuzzer edits it. Plain JS objects cannot hold what a hostile client sends: a key named `__proto__`
 * (assigning one sets the prototype instead), the same key twice, or tokens that are not JSON values at all
 * (1e309, a 10,000-level nesting written out). So bodies are trees of these nodes, rendered to text at the end.
 */

/** Text emitted as is: numbers JSON.stringify cannot write (1e309, -0), deep nesting, broken tokens. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object as an ordered list of entries, so keys may repeat and may be `__proto__`. */
export class ObjectNode {
  constructor(readonly entries: Array<[string, JsonNode]> = []) {}

  get(key: string): JsonNode | undefined {
    return this.entries.find(([k]) => k === key)?.[1];
  }

  set(key: string, value: JsonNode): void {
    const at = this.entries.findIndex(([k]) => k === key);
    if (at >= 0) this.entries[at] = [key, value];
    else this.entries.push([key, value]);
  }
}

export type JsonNode = null | boolean | number | string | JsonNode[] | ObjectNode | RawJson;

/** A plain value (as the seeds write them) as a tree. */
export const toNode = (value: unknown): JsonNode => {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toNode);
  if (value instanceof ObjectNode || value instanceof RawJson) return value;
  if (typeof value === 'object') {
    return new ObjectNode(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]): [string, JsonNode] => [k, toNode(v)]),
    );
  }
  return null;
};

/** A copy to edit separately; raw text is shared (it is never edited, and may be 100,000 levels deep). */
export const cloneNode = (node: JsonNode): JsonNode => {
  if (node instanceof ObjectNode) return new ObjectNode(node.entries.map(([k, v]): [string, JsonNode] => [k, cloneNode(v)]));
  if (Array.isArray(node)) return node.map(cloneNode);
  return node;
};

export const render = (node: JsonNode): string => {
  if (node instanceof RawJson) return node.text;
  if (node instanceof ObjectNode) return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${render(v)}`).join(',')}}`;
  if (Array.isArray(node)) return `[${node.map(render).join(',')}]`;
  // JSON.stringify writes a lone surrogate as a \udxxx escape: the JSON text is valid, the string is not well formed.
  return JSON.stringify(node);
};

/** Where a node sits: object keys and array indexes from the root. */
export type NodePath = Array<string | number>;

export interface Located {
  path: NodePath;
  node: JsonNode;
  /** Replaces this node in its parent (a no-op for the root, which callers replace themselves). */
  replace(value: JsonNode): void;
}

/** Every node of the tree, the root first, so a mutation can pick any of them. */
export const allNodes = (root: JsonNode): Located[] => {
  const found: Located[] = [];
  const walk = (node: JsonNode, path: NodePath, replace: (value: JsonNode) => void) => {
    found.push({ path, node, replace });
    if (node instanceof ObjectNode) {
      node.entries.forEach((entry, i) => walk(entry[1], [...path, entry[0]], (value) => (node.entries[i] = [entry[0], value])));
    } else if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, [...path, i], (value) => (node[i] = value)));
    }
  };
  walk(root, [], () => undefined);
  return found;
};

/** The node at a path, if there is one. */
export const nodeAt = (root: JsonNode, path: NodePath): JsonNode | undefined => {
  let node: JsonNode | undefined = root;
  for (const step of path) {
    if (node instanceof ObjectNode && typeof step === 'string') node = node.get(step);
    else if (Array.isArray(node) && typeof step === 'number') node = node[step];
    else return undefined;
  }
  return node;
};

/** A JSON text nested `depth` levels deep, written without recursion. */
export const deepNesting = (depth: number, kind: 'array' | 'object'): RawJson =>
  kind === 'array'
    ? new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`)
    : new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
