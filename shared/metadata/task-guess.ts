// What a model without a record most likely does, and why: the task from its outputs (a softmax over
// C classes, C labels for C scores, ImageNet's 1000 classes behind a picture), and whether it looks
// like an ImageNet classifier (a 3×224×224 picture in, 1000 scores out), whose inputs then start on
// torchvision's mean/std. Each verdict carries its reason, shown beside the guess in the Metadata
// step, so a wrong guess is easy to see; no evidence gives "other" with "choose one", never a
// blanket "classification".
import type { ModelSummary, ValueInfo } from '../model-summary';
import type { Task } from './schema';

export interface TaskGuess {
  task: Task;
  /** Why, as a clause: "a softmax over 1000 classes and a 3×224×224 picture in (ImageNet)". */
  reason: string;
  /** True when nothing pointed to a task: the user has to choose one. */
  unknown: boolean;
}

/** Float outputs shaped [C] or [batch, C] with C ≥ 2 (or unknown): class scores. */
export function isScores(o: ValueInfo): boolean {
  const shape = o.type.shape;
  if (!o.type.elemType?.startsWith('float') || !shape || shape.length < 1 || shape.length > 2) return false;
  const c = shape[shape.length - 1];
  return typeof c !== 'number' || c >= 2;
}

/** The class dimension of the model's one score output (the width labels are counted against), or null. */
export function classCount(summary: Pick<ModelSummary, 'graph'>): { output: string; classes: number } | null {
  const scores = summary.graph.outputs.filter(isScores);
  if (scores.length !== 1) return null;
  const c = scores[0]!.type.shape!.at(-1);
  return typeof c === 'number' ? { output: scores[0]!.name, classes: c } : null;
}

/** Float [N,3,224,224] / [3,224,224] (or NHWC): the picture size ImageNet classifiers take. */
function isImagenetPicture(i: ValueInfo): boolean {
  const s = i.type.shape;
  if (!i.type.elemType?.startsWith('float') || !s) return false;
  const dims = s.length === 4 ? s.slice(1) : s.length === 3 ? s : null;
  if (!dims) return false;
  return (dims[0] === 3 && dims[1] === 224 && dims[2] === 224) || (dims[0] === 224 && dims[1] === 224 && dims[2] === 3);
}

/**
 * The input that makes the model look like an ImageNet classifier (one 3×224×224 float picture and a
 * 1000-wide score output), with the reason; null otherwise.
 */
export function imagenetInput(summary: Pick<ModelSummary, 'graph'>): { input: string; reason: string } | null {
  const pictures = summary.graph.inputs.filter(isImagenetPicture);
  const classes = classCount(summary);
  if (pictures.length !== 1 || classes?.classes !== 1000) return null;
  return {
    input: pictures[0]!.name,
    reason: `a 3×224×224 picture in and 1000 scores out: the shape of an ImageNet classifier, which expects torchvision's mean/std`,
  };
}

/** The op that writes a graph output (through Identity), to tell a softmax head from raw scores. */
function producerOp(summary: Pick<ModelSummary, 'graph'>, name: string): string | null {
  let current = name;
  for (let hop = 0; hop < 4; hop++) {
    const node = summary.graph.nodes.find((n) => n.outputs.includes(current));
    if (!node) return null;
    if (node.opType !== 'Identity') return node.opType;
    current = node.inputs[0] ?? '';
  }
  return null;
}

export function guessTask(summary: Pick<ModelSummary, 'graph'>, labelCount: number): TaskGuess {
  const outs = summary.graph.outputs;
  const classes = classCount(summary);
  if (outs.length === 1 && classes) {
    const op = producerOp(summary, classes.output);
    const softmax = op === 'Softmax' || op === 'LogSoftmax';
    const head = softmax ? `a ${op === 'LogSoftmax' ? 'log-' : ''}softmax over ${classes.classes} classes` : `${classes.classes} scores`;
    if (imagenetInput(summary))
      return { task: 'classification', reason: `${head} from a 3×224×224 picture: an ImageNet image classifier`, unknown: false };
    if (softmax) return { task: 'classification', reason: `${head} in "${classes.output}"`, unknown: false };
    if (labelCount === classes.classes)
      return {
        task: 'classification',
        reason: `${labelCount} labels for the ${classes.classes} scores of "${classes.output}"`,
        unknown: false,
      };
  }
  const why =
    outs.length !== 1
      ? `${outs.length} outputs`
      : classes
        ? `"${classes.output}" gives ${classes.classes} scores, but no softmax or labels say they are classes`
        : `"${outs[0]!.name}" is not a [batch, classes] score tensor`;
  return { task: 'other', reason: `unknown (${why}): choose one`, unknown: true };
}
