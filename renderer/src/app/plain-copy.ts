/**
 * A deep copy of store state as plain data. `structuredClone` refuses Vue's reactive proxies, and a raw array can
 * still hold proxies of its older elements; the state copied here (notes, verdicts) is JSON by nature — it is
 * what the case file saves — so a JSON round trip is the copy, and it never carries a proxy along.
 */
export function plainCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
