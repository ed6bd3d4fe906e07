export * from './people.ts';
export * from './policy.ts';
