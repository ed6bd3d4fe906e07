import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';

/** resvg's native library is loaded on first use, in the worker that draws a chart, not in every process. */
const require = createRequire(import.meta.url);
const loadResvg = (): typeof ResvgModule => require('@resvg/resvg-js') as typeof ResvgModule;

/**
 * SVG to PNG without a browser: resvg (Rust, prebuilt per platform, no install scripts). Text uses
 * the machine's fonts; DejaVu Sans is the Debian default and the SVG names common fallbacks.
 */
export function svgToPng(svg: string): Buffer {
  const { Resvg } = loadResvg();
  const resvg = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return resvg.render().asPng();
}

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
