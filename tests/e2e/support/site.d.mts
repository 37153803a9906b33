import type { Browser, Locator, Page } from 'playwright-core';

export declare const ROOT: string;
export declare const MNIST_TEST_IMAGES: string;
export declare const MNIST_TEST_LABELS: string;

export interface PreviewHandle {
  url: string;
  close(): Promise<void>;
}

export interface StrokeOptions {
  /** Pixel value (0–255) at or above which a pixel counts as ink. Default 128. */
  threshold?: number;
  /** Pen width as a fraction of the canvas side. Default 0.07 (the page's pen). */
  penFraction?: number;
}

export interface Stroke {
  from: { x: number; y: number };
  to: { x: number; y: number };
}

export interface PageLog {
  requests?: string[];
  errors: string[];
}
export declare function watchPage(page: Page, log: PageLog): void;
export declare function startPreview(): Promise<PreviewHandle>;
export declare function launchBrowser(): Promise<Browser>;
export declare function readMnistImages(path: string, count: number): Uint8Array[];
export declare function readMnistLabels(path: string, count: number): number[];
export declare function digitToStrokes(pixels: Uint8Array, side: number, options?: StrokeOptions): Stroke[];
export declare function drawDigit(page: Page, canvas: Locator, pixels: Uint8Array, options?: StrokeOptions): Promise<void>;
export declare function afterFrames(page: Page): Promise<void>;
export declare function openSite(page: Page, url: string): Promise<void>;
