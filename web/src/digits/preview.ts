// The 28×28 view of the network's input, drawn 1:1 and scaled up by CSS.
import { grayscaleToRgba } from './preview-pixels';

export const INPUT_SIDE = 28;

export interface InputPreview {
  show(input: ArrayLike<number>): void;
  clear(): void;
}

export function setUpPreview(canvas: HTMLCanvasElement): InputPreview {
  canvas.width = INPUT_SIDE;
  canvas.height = INPUT_SIDE;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('This browser cannot draw on a 2D canvas.');
  const image = ctx.createImageData(INPUT_SIDE, INPUT_SIDE);

  const preview: InputPreview = {
    show(input) {
      grayscaleToRgba(input, image.data);
      ctx.putImageData(image, 0, 0);
    },
    clear() {
      preview.show(new Float32Array(INPUT_SIDE * INPUT_SIDE));
    },
  };
  preview.clear();
  return preview;
}
