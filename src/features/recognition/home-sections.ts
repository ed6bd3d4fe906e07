import type { Services } from '../../services.ts';
import type { HomeSection } from '../../shared/home/section.ts';
import { createRecognitionFeature } from './index.ts';

/** Transitional: src/features/home-registry.ts lists sections from here until main.ts lists features. */
export const recognitionHomeSections = (services: Services): readonly HomeSection[] =>
  createRecognitionFeature(services).homeSections ?? [];
