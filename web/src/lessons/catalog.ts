// The course, in order: one entry per lesson page (#1 … #8).
import type { Engine } from '../engine';
import { setUpNeuronLesson, type LessonHandle } from './lesson-1-neuron';
import { setUpLimitLesson } from './lesson-2-limit';
import { setUpTwoLayerLesson } from './lesson-3-two-layers';
import { setUpBatchLesson } from './lesson-4-batches';
import { setUpLossLesson } from './lesson-5-loss';
import { setUpBackpropLesson } from './lesson-6-backprop';
import { setUpTrainingLesson } from './lesson-7-training';
import { setUpOnwardLesson } from './lesson-8-onward';
import type { Progress } from './progress';

export interface LessonEntry {
  id: number;
  title: string;
  /** Tasks (check-your-answer ids) that complete the lesson; none means visiting completes it. */
  tasks: string[];
  setUp(element: HTMLElement, engine: Engine, progress: Progress): LessonHandle;
}

export const LESSONS: LessonEntry[] = [
  { id: 1, title: 'A single neuron', tasks: ['l1-no'], setUp: setUpNeuronLesson },
  { id: 2, title: 'The limit of one neuron', tasks: ['l2-and'], setUp: setUpLimitLesson },
  { id: 3, title: 'Two layers solve XOR', tasks: ['l3-fix'], setUp: setUpTwoLayerLesson },
  { id: 4, title: 'Batches as matrices', tasks: ['l4-z'], setUp: setUpBatchLesson },
  { id: 5, title: 'Loss', tasks: ['l5-min'], setUp: setUpLossLesson },
  { id: 6, title: 'Backprop', tasks: ['l6-sign'], setUp: setUpBackpropLesson },
  { id: 7, title: 'Training', tasks: ['l7-train'], setUp: setUpTrainingLesson },
  { id: 8, title: 'Onward', tasks: [], setUp: setUpOnwardLesson },
];
