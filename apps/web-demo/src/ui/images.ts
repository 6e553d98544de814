import type { Images } from '../protocol';

/** Draws image `index` of an NCHW RGB batch in [0, 1] onto a canvas of the image's size. */
export function drawImage(canvas: HTMLCanvasElement, images: Images, index: number): void {
  const [, channels, height, width] = images.dims;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const pixels = context.createImageData(width, height);
  const plane = width * height;
  const base = index * channels * plane;
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      const value = images.data[base + Math.min(c, channels - 1) * plane + p]!;
      pixels.data[p * 4 + c] = Math.round(Math.min(1, Math.max(0, value)) * 255);
    }
    pixels.data[p * 4 + 3] = 255;
  }
  context.putImageData(pixels, 0, 0);
}

/**
 * A row of images, one canvas per image of the batch, each in a figure with its caption when
 * `captions` are given (the held-out row names each photo).
 */
export function imageStrip(container: HTMLElement, images: Images, testId: string, captions: readonly string[] = []): void {
  const count = images.dims[0];
  while (container.children.length > count) container.lastElementChild!.remove();
  while (container.children.length < count) {
    const figure = document.createElement('figure');
    const canvas = document.createElement('canvas');
    canvas.dataset.testid = `${testId}-${container.children.length}`;
    figure.append(canvas, document.createElement('figcaption'));
    container.append(figure);
  }
  Array.from(container.children).forEach((figure, i) => {
    const canvas = figure.querySelector('canvas')!;
    drawImage(canvas, images, i);
    const caption = captions[i] ?? '';
    figure.querySelector('figcaption')!.textContent = caption;
    canvas.title = caption;
  });
}
