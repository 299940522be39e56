// The authority register and themes vocabulary arrive with the contribution workflow issue.
export {};
