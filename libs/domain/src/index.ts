// The deciders (pure decide/evolve per aggregate) arrive with the contribution workflow issue.
export {};
