/** The signed-in founder, as every use case receives it: the owner of everything they touch. */
export interface Founder {
  id: string;
}
