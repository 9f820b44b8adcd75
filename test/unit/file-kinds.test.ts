import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkFrames, decodeChunk, encodeChunk, isChunkFrame } from '../../shared/protocol.ts';
import { formatBytes, safeFileName, sniffPicture } from '../../web/services/file-kinds.ts';
import { solidPng } from '../support/png.ts';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('sniffPicture', () => {
  it('tells PNG, JPEG, GIF and WebP by their first bytes', () => {
    assert.equal(sniffPicture(new Uint8Array(solidPng(2, 2, [0, 0, 0]))), 'png');
    assert.equal(sniffPicture(bytes(0xff, 0xd8, 0xff, 0xe0)), 'jpeg');
    assert.equal(sniffPicture(bytes('GIF89a')), 'gif');
    assert.equal(sniffPicture(bytes('RIFF', 0, 0, 0, 0, 'WEBP')), 'webp');
  });

  it('is no picture for SVG, HTML, text, a RIFF that is not WebP, or too few bytes', () => {
    assert.equal(sniffPicture(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
    assert.equal(sniffPicture(bytes('<!doctype html><p>')), undefined);
    assert.equal(sniffPicture(bytes('RIFF', 0, 0, 0, 0, 'WAVE')), undefined);
    assert.equal(sniffPicture(bytes(0x89, 0x50)), undefined);
    assert.equal(sniffPicture(new Uint8Array()), undefined);
  });
});

describe('safeFileName', () => {
  it('keeps an ordinary name', () => assert.equal(safeFileName('Holiday photo (2).jpg'), 'Holiday photo (2).jpg'));

  it('drops paths, hidden-file dots, control and bidirectional-override characters', () => {
    assert.equal(safeFileName('../../etc/passwd'), '_.._etc_passwd');
    assert.equal(safeFileName('.bashrc'), 'bashrc');
    assert.equal(safeFileName('a\u0000b\nc.txt'), 'a_b_c.txt');
    assert.equal(safeFileName('invoice\u202egpj.exe'), 'invoice_gpj.exe');
    assert.equal(safeFileName('C:\\x<y>|z?.txt'), 'C__x_y__z_.txt');
  });

  it('never answers an empty name, and shortens a long one keeping its extension', () => {
    assert.equal(safeFileName(' ... '), 'file');
    const long = safeFileName(`${'a'.repeat(300)}.tar.gz`);
    assert.equal(long.length, 120);
    assert.ok(long.endsWith('.gz'));
  });
});

describe('file chunk frames', () => {
  it('carry the transfer id and payload, and are told apart from JSON frames', () => {
    const id = '0123456789abcdef0123456789abcdef';
    const frame = encodeChunk(id, bytes(1, 2, 3));
    assert.equal(frame.length, 17 + 3);
    assert.ok(isChunkFrame(frame));
    assert.deepEqual(decodeChunk(frame), { id, payload: bytes(1, 2, 3) });
    assert.equal(isChunkFrame(bytes('{"type":"chat"}')), false);
    assert.equal(isChunkFrame('\u0000' + 'x'.repeat(40)), false);
  });

  it('of one transfer each carry their own payload, a shorter last one too', () => {
    const id = 'fedcba9876543210fedcba9876543210';
    const frameOf = chunkFrames(id, 4);
    assert.deepEqual(decodeChunk(frameOf(bytes(1, 2, 3, 4)).slice()), { id, payload: bytes(1, 2, 3, 4) });
    assert.deepEqual(decodeChunk(frameOf(bytes(5, 6)).slice()), { id, payload: bytes(5, 6) });
  });
});

describe('formatBytes', () => {
  it('reads as people count', () => {
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.2 MB');
    assert.equal(formatBytes(100_000_000), '100.0 MB');
  });
});
