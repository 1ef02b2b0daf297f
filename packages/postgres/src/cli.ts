// `baton migrate`: placeholder until the command lands in the next commit.
export {};
