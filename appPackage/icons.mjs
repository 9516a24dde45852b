// Draws the Teams app icons: color.png (192×192, full colour) and outline.png (32×32, white on
// transparent). Only Node built-ins: the PNG chunks and their CRC32 are written here by hand.
//
//   node appPackage/icons.mjs [output folder]     (default: this folder)
//
// The mark is a white check mark over three traffic-light dots, the bot's status scale.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

/** The manifest's accentColor; the test checks that the two agree. */
const STOCKHOLM_BLUE = [0x0b, 0x5e, 0xa8];
const WHITE = [0xff, 0xff, 0xff];
const RED = [0xe0, 0x47, 0x4c];
const AMBER = [0xf5, 0xb7, 0x00];
const GREEN = [0x2f, 0xbf, 0x71];

// ---------------------------------------------------------------------------------------------
// Shapes as coverage tests on a point (x, y) in pixel units.

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A polyline with round joins and caps. */
const stroke = (points, width) => (x, y) =>
  points.slice(1).some((p, i) => distanceToSegment(x, y, points[i], p) <= width / 2);

const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;

/** The share of a pixel a shape covers, from SAMPLES × SAMPLES points inside it. */
const SAMPLES = 4;
function coverage(shape, px, py) {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      if (shape(px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

// ---------------------------------------------------------------------------------------------
// The two icons.

/** 192×192 RGB, opaque: the mark centred in Teams' 96×96 safe area on a full-bleed blue square. */
function drawColor() {
  const size = 192;
  const layers = [
    {
      shape: stroke(
        [
          [62, 86],
          [84, 108],
          [130, 62],
        ],
        16,
      ),
      color: WHITE,
    },
    ...[
      [74, RED],
      [96, AMBER],
      [118, GREEN],
    ].flatMap(([cx, color]) => [
      { shape: disc(cx, 132, 10), color: WHITE },
      { shape: disc(cx, 132, 7.5), color },
    ]),
  ];
  const rgb = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let pixel = STOCKHOLM_BLUE;
      for (const { shape, color } of layers) {
        const a = coverage(shape, x, y);
        if (a > 0) pixel = pixel.map((c, k) => Math.round(c * (1 - a) + color[k] * a));
      }
      rgb.set(pixel, (y * size + x) * 3);
    }
  }
  return { width: size, height: size, colorType: 2, channels: 3, data: rgb };
}

/**
 * 32×32 indexed: palette entry 0 is transparent, 1 is opaque white, and nothing else exists, so
 * the icon cannot hold another colour or a half-transparent edge.
 */
function drawOutline() {
  const size = 32;
  const mark = [
    stroke(
      [
        [6, 13],
        [12.5, 19.5],
        [26, 6],
      ],
      4,
    ),
    disc(8, 26, 2.6),
    disc(16, 26, 2.6),
    disc(24, 26, 2.6),
  ];
  const indices = Buffer.alloc(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = Math.max(...mark.map((shape) => coverage(shape, x, y)));
      indices[y * size + x] = a >= 0.5 ? 1 : 0;
    }
  }
  return {
    width: size,
    height: size,
    colorType: 3,
    channels: 1,
    data: indices,
    palette: [[0, 0, 0], WHITE],
    alpha: [0, 255],
  };
}

// ---------------------------------------------------------------------------------------------
// PNG encoding.

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

function encodePng({ width, height, colorType, channels, data, palette, alpha }) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;
  // compression 0, filter method 0, no interlace: the zeros Buffer.alloc already holds.

  // Every scanline gets filter type 0 (None); deflate does well enough on icons this simple.
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) data.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);

  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(palette ? [chunk('PLTE', Buffer.from(palette.flat())), chunk('tRNS', Buffer.from(alpha))] : []),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? here);
mkdirSync(outDir, { recursive: true });
for (const [file, image] of [
  ['color.png', drawColor()],
  ['outline.png', drawOutline()],
]) {
  writeFileSync(join(outDir, file), encodePng(image));
  console.log(`Skrev ${join(outDir, file)} (${image.width}×${image.height})`);
}
