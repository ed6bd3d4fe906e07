/** Transitional: src/features/home-registry.ts imports this path until main.ts builds the Feature. */
export { nudgesHomeSections } from './slack/home-sections.ts';
