/**
 * A soft two-note chime made with WebAudio (no sound file to download): two quiet sine tones, faded in and out.
 * Browsers start audio only after a click on the page, so `prepare()` is called from the click that turns the
 * sound on; later plays reuse that context.
 */
export class SoftChime {
  #context: AudioContext | undefined;

  /** Creates (or wakes) the audio context; call it from a click. */
  prepare(): void {
    if (typeof AudioContext === 'undefined') return;
    this.#context ??= new AudioContext();
    this.#resume(this.#context);
  }

  play(): void {
    this.prepare();
    const context = this.#context;
    if (!context) return;
    const start = context.currentTime;
    for (const [offset, frequency] of NOTES) this.#tone(context, start + offset, frequency);
  }

  #tone(context: AudioContext, at: number, frequency: number): void {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(VOLUME, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_SECONDS);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + NOTE_SECONDS);
  }

  #resume(context: AudioContext): void {
    if (context.state !== 'suspended') return;
    // Without a click on the page yet the browser keeps it suspended: the chime stays silent, nothing else breaks.
    context.resume().catch((err: unknown) => console.warn('dialog: the sound could not start', err));
  }
}

/** Seconds after the start, and pitch in Hz: a rising fifth (E5, B5). */
const NOTES: readonly [number, number][] = [
  [0, 659.25],
  [0.12, 987.77],
];
const NOTE_SECONDS = 0.35;
/** Quiet: a tenth of full scale. */
const VOLUME = 0.1;
