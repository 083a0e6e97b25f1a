// Converting a non-ONNX model to ONNX (docs/formats.md): the request, the plan shown before
// anything runs, and the result with its parity report. Types only: core/convert and the
// contract (shared/formats/convert.ts) both use them.
import type { ModelFormat, ScanVerdict } from './types';

/** The element types an input may be given as: the ones numpy saves and onnxruntime runs. */
export const CONVERT_DTYPES = ['float32', 'float64', 'float16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'] as const;
export type ConvertDtype = (typeof CONVERT_DTYPES)[number];

/** One model input as the caller gives it (CLI: `--input name:dtype:1x3x224x224`). */
export interface ConvertInput {
  name: string;
  dtype: ConvertDtype;
  /** Concrete sizes: the parity samples are made with them. Dim 0 is exported as a symbolic batch dim unless dynamicBatch is false. */
  shape: number[];
}

/** What convertPlan needs: everything that goes into the script. */
export interface ConvertOptions {
  /** The model file. */
  src: string;
  /** Where the ONNX file goes (the script's default output when run by hand). */
  out: string;
  /**
   * Required for TorchScript (the file does not record shapes); optional elsewhere: .pt2 uses its
   * recorded example inputs, Keras and TFLite their own input shapes (unknown dims as 1),
   * scikit-learn one float32 input of n_features_in_ columns.
   */
  inputs?: ConvertInput[];
  /** ONNX output names (TorchScript / .pt2 only); default "output", or output_0, output_1… */
  outputNames?: string[];
  /** ONNX opset; default 17 (the newest torch 1.13 exports). */
  opset?: number;
  /** Export dim 0 of every input and output as a symbolic "batch" dim. Default true. */
  dynamicBatch?: boolean;
  /** Random inputs the script saves with the framework's outputs for the parity run. Default 3. */
  samples?: number;
  /** Seed of those inputs (numpy's default_rng). Default 0. */
  seed?: number;
}

export interface ConvertRequest extends ConvertOptions {
  /** As detected by content (core/formats/detect.ts). */
  format: ModelFormat;
  /**
   * The static scan's verdict for pickle-bearing formats (TorchScript's data.pkl, pickle, joblib):
   * anything but 'safe' is refused with UNSAFE_PICKLE before Python is started, since loading
   * unpickles. null for formats that carry no pickle.
   */
  scan: ScanVerdict | null;
  /** The interpreter from the settings; when omitted, /usr/bin/python3, then python3 and python on PATH. */
  python?: string;
  /** Replace an existing file at `out` (else FILE_EXISTS). */
  overwrite?: boolean;
  /** Parity tolerances, numpy.isclose style: |onnx − framework| ≤ atol + rtol·|framework|. Default 1e-4 / 1e-3. */
  atol?: number;
  rtol?: number;
}

export type ConvertFramework = 'torch' | 'tensorflow' | 'sklearn';

/** A Python module a script imports, and how to get it. */
export interface PythonRequirement {
  module: string;
  /** Lowest version that works, when there is one (torch.export.load needs torch 2.1). */
  min?: string;
  /** The pip package name. */
  pip: string;
  /** The Debian/Ubuntu package, or null when Debian does not package it. */
  debian: string | null;
}

export interface ConvertPlan {
  format: ModelFormat;
  framework: ConvertFramework | null;
  /** What does the conversion: 'torch.onnx.export', 'tf2onnx', 'skl2onnx'; null when nothing can. */
  converter: string | null;
  requires: PythonRequirement[];
  /**
   * The exact script that runs, shown before it runs; null when the model cannot be converted as
   * asked (see `problem`). Run by hand: `python3 convert.py [OUT] [PARITY_DIR]`.
   */
  script: string | null;
  /** Shell lines to install what the script needs ('#' lines say which to pick). */
  install: string[];
  /** The same conversion as a command to run by hand, where the converter has a CLI (tf2onnx). */
  manual: string[];
  /** Things worth reading before running (version limits, what loading does). */
  notes: string[];
  /** Why it cannot run as asked: the code convertToOnnx fails with, what to do, and a snippet to adapt. */
  problem?: { code: 'CONVERT_FAILED' | 'INVALID_REQUEST'; message: string; hint: string; snippet?: string };
}

/** The interpreter found and what imports in it. */
export interface PythonEnv {
  /** sys.executable of the interpreter that ran, or null when none ran. */
  python: string | null;
  /**
   * What is started to run it: the setting or the candidate as given ("python3", a venv's
   * bin/python, a wrapper script). Scripts run with this, not with `python`, so whatever a wrapper
   * or shim sets up (PYTHONPATH, a conda environment) applies to them as it did to the probe.
   */
  command: string;
  /** "3.11.2", or null when none ran. */
  version: string | null;
  /** Module → its version, or null when it does not import (numpy, onnx, onnxruntime, torch, sklearn, joblib, skl2onnx, tensorflow, tf2onnx, keras). */
  frameworks: Record<string, string | null>;
  /** Why no interpreter ran, or what went wrong probing (a timeout names the module it was importing). */
  error?: string;
}

/** One ONNX output, over all parity samples. */
export interface ParityRow {
  output: string;
  /** The ONNX output's element type. */
  dtype: string;
  /** Its shape in the first sample. */
  shape: number[];
  /** Largest |onnx − framework| over finite pairs; 0 when none. */
  maxAbsDiff: number;
  /** Largest |onnx − framework| / |framework| where framework ≠ 0; 0 when none. */
  maxRelDiff: number;
  elements: number;
  /** Elements outside the tolerance (non-finite ones only match the same value). */
  mismatches: number;
  passed: boolean;
  /** Why it failed as a whole (missing output, shape differs). */
  why?: string;
}

export interface ParityReport {
  passed: boolean;
  samples: number;
  atol: number;
  rtol: number;
  rows: ParityRow[];
  /** When onnxruntime could not load or run the converted model: its message. */
  error?: string;
}

export interface ConvertResult {
  /** The ONNX file written. */
  out: string;
  format: ModelFormat;
  converter: string;
  opset: number;
  /** The script that ran, exactly. */
  script: string;
  /** The interpreter (sys.executable) and its version. */
  python: string;
  pythonVersion: string;
  /** Versions of the modules the script needed. */
  frameworks: Record<string, string>;
  /** Wall time from start to the file in place, parity included. */
  seconds: number;
  /** The converted model's input and output names, as onnxruntime reads them. */
  inputNames: string[];
  outputNames: string[];
  parity: ParityReport;
}
