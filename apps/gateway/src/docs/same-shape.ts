/**
 * True when A and B are each assignable to the other. A DTO (what /docs shows) is checked against
 * the type the route really sends or decodes: a field added to one and not the other fails the build.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Compiles only when every check in the list is true. */
export type AllTrue<Checks extends true[]> = Checks;
