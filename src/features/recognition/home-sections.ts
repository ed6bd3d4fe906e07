/** Transitional: src/features/home-registry.ts imports the sections from here until main.ts lists features. */
export { recognitionHomeSections } from './slack/home-section.ts';
