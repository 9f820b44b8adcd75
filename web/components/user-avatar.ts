import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';

/** "Ann Lee" → "AL", "ann" → "A"; at most two letters, whole characters (emoji and accents stay intact). */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/u)
    .filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1);
  return letters
    .map((word) => Array.from(word ?? '')[0] ?? '')
    .join('')
    .toLocaleUpperCase();
}

const PALETTE_SIZE = 8;

/** The same name always gets the same background colour. */
function paletteIndex(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % PALETTE_SIZE;
}

/**
 * A person's picture, or their initials when they have none (or it fails to load). Its accessible name is the
 * person's name unless `decorative` (when the name is written right beside it).
 */
@customElement('user-avatar')
export class UserAvatar extends LitElement {
  static override styles = css`
    :host { display: inline-block; flex: none; width: 2rem; height: 2rem; border-radius: 50%; overflow: hidden; vertical-align: middle; }
    :host([size='small']) { width: 1.5rem; height: 1.5rem; font-size: 0.65rem; }
    :host([size='large']) { width: 6rem; height: 6rem; font-size: 2.2rem; }
    img, .initials { display: block; width: 100%; height: 100%; }
    img { object-fit: cover; }
    .initials { display: grid; place-items: center; font-weight: 600; color: white; user-select: none; }
    .c0 { background: #2457c5; } .c1 { background: #17713a; } .c2 { background: #8a3ffc; } .c3 { background: #b0381e; }
    .c4 { background: #00698f; } .c5 { background: #8e4b00; } .c6 { background: #a11950; } .c7 { background: #4d5358; }
  `;

  /** The person's display name: the accessible name and the source of the initials. */
  @property() name = '';
  /** The picture (`avatarUrl`), or null for initials. */
  @property() src: string | null = null;
  /** `small`, `medium` (default) or `large`. */
  @property({ reflect: true }) size: 'small' | 'medium' | 'large' = 'medium';
  /** Hides the avatar from assistive technology because the name is already written next to it. */
  @property({ type: Boolean }) decorative = false;
  @state() private failed = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src')) this.failed = false;
  }

  override render() {
    const hidden = this.decorative ? 'true' : nothing;
    if (this.src && !this.failed) {
      return html`<img
        src=${this.src}
        alt=${this.decorative ? '' : this.name}
        aria-hidden=${hidden}
        @error=${() => (this.failed = true)}
      />`;
    }
    return html`<span
      class="initials c${paletteIndex(this.name)}"
      role=${this.decorative ? nothing : 'img'}
      aria-label=${this.decorative ? nothing : this.name}
      aria-hidden=${hidden}
      >${initials(this.name)}</span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'user-avatar': UserAvatar;
  }
}
