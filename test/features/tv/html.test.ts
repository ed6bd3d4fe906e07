import { describe, expect, it } from 'vitest';
import { escapeHtml, panelsHtml } from '../../../src/features/tv/domain/html.ts';
import { tvPage } from '../../../src/features/tv/domain/page.ts';

/** Everything users type (contest names, people, shout-outs) reaches the TV page escaped. */

const EVIL = `<script>alert("x")</script> & 'quotes'`;

describe('TV page HTML', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(EVIL)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
  });

  it('escapes every text of every panel kind, and the title', () => {
    const html = panelsHtml([
      {
        kind: 'boards',
        title: EVIL,
        empty: EVIL,
        boards: [{ title: EVIL, detail: EVIL, rows: [{ rank: 1, name: EVIL, score: EVIL }] }],
      },
      { kind: 'rates', title: EVIL, rates: [{ label: EVIL, rate: 0.5, leadsDue: 2 }] },
      { kind: 'list', title: EVIL, empty: EVIL, items: [{ text: EVIL, detail: EVIL }] },
      { kind: 'count', title: EVIL, value: 3, detail: EVIL, items: [{ text: EVIL, detail: EVIL }] },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(`"x"`);
    expect(html.match(/&lt;script&gt;/g)?.length).toBe(14);
    const page = tvPage(EVIL, html, 'abc');
    expect(page.match(/<script>/g)?.length).toBe(1); // the page's own script only
  });
});
