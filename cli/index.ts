// `modelcrate` — the CLI. Every command calls the same services the GUI uses.
import { Command, InvalidArgumentError } from 'commander';
import { APP_VERSION } from '../core/app-version';
import { artifactPullCommand, artifactPushCommand } from './commands/artifact';
import { buildCommand } from './commands/build';
import { contextCommand } from './commands/context';
import { diffCommand } from './commands/diff';
import { graphCommand, oneOf } from './commands/graph';
import { inspectCommand } from './commands/inspect';
import { scanCommand } from './commands/scan';
import { convertCommand } from './commands/convert';
import { parseInputSpec } from '../core/convert/input-spec';
import type { ConvertInput } from '../shared/formats/convert-types';
import { k8sCommand } from './commands/k8s';
import { keysCreateCommand, keysExportPublicCommand, keysListCommand, keysTrustCommand } from './commands/keys';
import { metaGetCommand, metaSetCommand } from './commands/meta';
import { packCommand } from './commands/pack';
import { predictCommand } from './commands/predict';
import { profileCommand } from './commands/profile';
import { serveCommand } from './commands/serve';
import { signCommand } from './commands/sign';
import { studioCommand } from './commands/studio';
import { verifyCommand } from './commands/verify';
import { collectDim, parseByteSize, parseIntList, parseNameList, parseNonNegativeInt, parsePositiveInt } from './cli-options';
import { EXIT } from './run-command';
import { LABEL_FORMATS, type LabelsFormat } from '../shared/metadata/onnx-props';

const program = new Command()
  .name('modelcrate')
  .description('Package ONNX models: inspect, document, test and ship them.')
  .version(APP_VERSION)
  // Root options only before a subcommand: `k8s --version 1.2.3` is the model's version, not ours.
  .enablePositionalOptions()
  // Set before any subcommand is added, so every subcommand inherits them: usage mistakes follow
  // the CLI's error contract too (one stderr line `error[CODE]: …`, exit 2), not commander's own.
  .configureOutput({ outputError: (str, write) => write(`error[INVALID_REQUEST]: ${str.replace(/^error: /, '').trim()}\n`) })
  .exitOverride((err) => process.exit(err.exitCode === 0 ? EXIT.OK : EXIT.FAILED));

program
  .command('inspect')
  .description(
    "Show a model's contract, metadata and statistics: ONNX, or safetensors, GGUF, PyTorch, pickle/joblib, Keras, HDF5, TFLite (read lazily, pickles scanned, never run)",
  )
  .argument('<model>', 'path to a model file; its format is recognised by content')
  .option('--json', 'print one JSON object on stdout, with a `format` field (for scripts)')
  .action((model: string, opts: { json?: boolean }) => inspectCommand(model, { json: !!opts.json }));

program
  .command('scan')
  .description(
    'Scan a model file for code it would run when loaded (pickles are disassembled, never executed); exit 0 safe, 1 dangerous, 3 unknown',
  )
  .argument('<file>', 'a model file of any supported format')
  .option('--json', 'print the scan report as one JSON object')
  .action((file: string, opts: { json?: boolean }) => scanCommand(file, { json: !!opts.json }));

program
  .command('convert')
  .description(
    'Convert a TorchScript, torch.export, Keras, TFLite or scikit-learn file to ONNX with the local Python, then check its outputs against the framework’s in onnxruntime; exit 1 when they differ',
  )
  .argument('<file>', 'the model file; pickles are scanned first and never loaded unless safe')
  .option('--out <path>', 'the ONNX file to write (default: <name>.onnx in the current folder)')
  .option(
    '--input <name:dtype:shape>',
    'an example input, e.g. input:float32:1x3x224x224 (repeat for each; required for TorchScript)',
    (v: string, prev: ConvertInput[] = []) => {
      try {
        return [...prev, parseInputSpec(v)];
      } catch (err) {
        throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
      }
    },
  )
  .option('--python <path>', 'the Python interpreter to use (default: /usr/bin/python3, python3, python)')
  .option('--force', 'replace an existing file at --out')
  .option('--dry-run', 'print the plan, what is missing and the exact script; run nothing')
  .option('--json', 'print the result (or the plan) as one JSON object')
  .action((file: string, o: { out?: string; input?: ConvertInput[]; python?: string; force?: boolean; dryRun?: boolean; json?: boolean }) =>
    convertCommand(file, { out: o.out, inputs: o.input ?? [], python: o.python, force: !!o.force, dryRun: !!o.dryRun, json: !!o.json }),
  );

program
  .command('graph')
  .description(
    "Print the model's graph as Graphviz DOT, JSON (nodes, edges with dtype and shape) or an SVG picture, or one If/Loop/Scan body",
  )
  .argument('<model>', 'path to a .onnx file')
  .option('--format <format>', 'dot, json or svg', oneOf('dot', 'json', 'svg'), 'dot')
  .option(
    '--subgraph <path>',
    'a body inside the graph: node/attribute[/node/attribute…], e.g. loop_1/body (a node without a name: n:<index>)',
  )
  .option('--initializers <mode>', 'collapsed (listed on their consumers) or nodes', oneOf('collapsed', 'nodes'), 'collapsed')
  .option('--out <file>', 'write to this file (replaced atomically) instead of stdout')
  .option('--theme <theme>', 'svg colours: light or dark', oneOf('light', 'dark'), 'light')
  .action(
    (
      model: string,
      opts: {
        format: 'dot' | 'json' | 'svg';
        subgraph?: string;
        initializers: 'collapsed' | 'nodes';
        out?: string;
        theme: 'light' | 'dark';
      },
    ) => graphCommand(model, opts),
  );

program
  .command('predict')
  .description('Run the model once on your inputs and print its outputs (onnxruntime, CPU)')
  .argument('<model>', 'path to a .onnx file')
  .requiredOption(
    '--inputs <specs...>',
    'inputs.json ({"name": {"type","shape","data"}}), an ONNX test-data folder, name=file.npy|.pb|.json|.png|.jpg, or name=zeros|ones|random[:seed]',
  )
  .option('--dim <name=size>', 'size of a symbolic dim for generated inputs (repeatable)', collectDim)
  .option('--threads <n>', 'onnxruntime intra-op threads (default: one per core)', parsePositiveInt)
  .option('--json', 'print {"outputs": {...}} as one JSON line on stdout (for scripts)')
  .action((model: string, opts: { inputs: string[]; dim?: Record<string, number>; threads?: number; json?: boolean }) =>
    predictCommand(model, { inputs: opts.inputs, dims: opts.dim, threads: opts.threads, json: !!opts.json }),
  );

program
  .command('profile')
  .description('Measure latency (p50/p90/p99), throughput, load time and memory per batch size')
  .argument('<model>', 'path to a .onnx file')
  .option('--runs <n>', 'timed runs per batch size', parsePositiveInt, 50)
  .option('--warmup <n>', 'untimed warm-up runs per batch size', parseNonNegativeInt, 5)
  .option('--batch <sizes>', 'batch sizes, comma-separated, e.g. 1,8', parseIntList)
  .option(
    '--dim <name=size>',
    'size of an open dim: by name (seq=128) or by input and axis (input.1=512, also for unnamed dims); repeatable; default 1',
    collectDim,
  )
  .option('--inputs <specs...>', 'time these inputs instead of generated ones (the forms predict takes)')
  .option('--threads <n>', 'onnxruntime intra-op threads (default: one per core)', parsePositiveInt)
  .option('--json', 'print the profile as one JSON line on stdout (for scripts)')
  .action(
    (
      model: string,
      opts: {
        runs: number;
        warmup: number;
        batch?: number[];
        dim?: Record<string, number>;
        inputs?: string[];
        threads?: number;
        json?: boolean;
      },
    ) =>
      profileCommand(model, {
        runs: opts.runs,
        warmup: opts.warmup,
        batch: opts.batch ?? [1],
        dims: opts.dim,
        inputs: opts.inputs,
        threads: opts.threads,
        json: !!opts.json,
      }),
  );

const meta = program.command('meta').description('Read or write the metadata stored in a model (metadata_props, losslessly)');
meta
  .command('get')
  .description('Show the metadata stored in the model, or the defaults read from it')
  .argument('<model>', 'path to a .onnx file')
  .option('--json', 'print {"metadata", "source", "warning"?, "props"} as one JSON line (props: the model\'s own metadata_props keys)')
  .action((model: string, opts: { json?: boolean }) => metaGetCommand(model, { json: !!opts.json }));
meta
  .command('set')
  .description('Write metadata into a copy of the model (--out) or into it (--in-place, keeps a .bak)')
  .argument('<model>', 'path to a .onnx file')
  .argument(
    '[assignments...]',
    "key=value (a string) or key:=json, e.g. license=MIT version=1.2.0 authors:='[\"Ada\"]'; props.<key>=value sets one of the model's own metadata_props keys",
  )
  .option('--from <metadata.json>', 'start from this metadata (e.g. edited output of meta get --json, its "metadata" object)')
  .option('--unset <props.key>', "remove one of the model's own metadata_props keys (repeatable)", (v: string, prev: string[] = []) => [
    ...prev,
    v,
  ])
  .option(
    '--labels-format <format>',
    'how the "labels" key is written: json, comma or lines (default: the format the model has, else json)',
    oneOf(...LABEL_FORMATS),
  )
  .option('--out <new.onnx>', 'write a new file (same folder when the model has external data)')
  .option('--in-place', 'overwrite the model, keeping a backup beside it')
  .action(
    (
      model: string,
      assignments: string[],
      opts: { from?: string; unset?: string[]; labelsFormat?: LabelsFormat; out?: string; inPlace?: boolean },
    ) =>
      metaSetCommand(model, {
        assignments,
        unset: opts.unset,
        labelsFormat: opts.labelsFormat,
        from: opts.from,
        out: opts.out,
        inPlace: !!opts.inPlace,
      }),
  );

program
  .command('pack')
  .description('Package the model as a bundle: model with metadata, README card, golden samples, SBOM, manifest of sha256s')
  .argument('<model>', 'path to a .onnx file')
  .option('--out <path>', 'a new folder, or a file ending .tar.gz / .tgz (default: <name>-<version>.tar.gz beside the model)')
  .option('--meta <metadata.json>', 'metadata to use (default: what the model stores, or defaults read from it)')
  .option(
    '--sample <inputs>',
    'a golden sample: an inputs spec as predict --inputs takes it, named after its file (repeatable)',
    (v: string, prev: string[] = []) => [...prev, v],
  )
  .option(
    '--keep-outputs <names>',
    'outputs the samples keep in full (comma-separated); the others are kept as sha256 + statistics + a slice (default: every output that fits the budget)',
    parseNameList,
  )
  .option(
    '--sample-budget <size>',
    'bytes the sample files may take, e.g. 64MiB (default: 5% of the model or 16 MiB, whichever is larger)',
    parseByteSize,
  )
  .option('--force', 'replace an existing bundle at --out')
  .option('--sign', 'sign modelcrate.json with your Ed25519 key (writes modelcrate.sig; see `modelcrate keys`)')
  .option('--key <name>', 'the signing key to use (implies --sign; default: your only key, or the one named "default")')
  .option(
    '--json',
    'print {"path","format","bytes","sha256","files","samples","sampleBytes","summarized"[,"signedBy"]} as one JSON line (for scripts)',
  )
  .action(
    (
      model: string,
      opts: {
        out?: string;
        meta?: string;
        sample?: string[];
        keepOutputs?: string[];
        sampleBudget?: number;
        force?: boolean;
        json?: boolean;
        sign?: boolean;
        key?: string;
      },
    ) =>
      packCommand(model, {
        out: opts.out,
        meta: opts.meta,
        samples: opts.sample ?? [],
        force: !!opts.force,
        json: !!opts.json,
        sign: !!opts.sign,
        key: opts.key,
        ...(opts.keepOutputs || opts.sampleBudget
          ? {
              samplePolicy: {
                ...(opts.keepOutputs ? { keepOutputs: opts.keepOutputs } : {}),
                ...(opts.sampleBudget ? { budgetBytes: opts.sampleBudget } : {}),
              },
            }
          : {}),
      }),
  );

program
  .command('verify')
  .description('Check a bundle: sha256 of every file, the manifest, the model loads, golden samples reproduce (exit 0 only if all hold)')
  .argument('<bundle>', 'a bundle folder or .tar.gz')
  .option(
    '--public-key <file.pem>',
    'require a valid signature by this Ed25519 public key (exit 2 if unsigned, signed by another key, or invalid)',
  )
  .option('--require-signature', 'require a valid signature by one of your own or trusted keys (`modelcrate keys list`)')
  .option('--json', 'print the report as one JSON line (for scripts)')
  .action((bundle: string, opts: { json?: boolean; publicKey?: string; requireSignature?: boolean }) =>
    verifyCommand(bundle, { json: !!opts.json, publicKey: opts.publicKey, requireSignature: !!opts.requireSignature }),
  );

program
  .command('sign')
  .description("Sign an existing bundle's modelcrate.json with your Ed25519 key (its files are checked first)")
  .argument('<bundle>', 'a bundle folder (signed in place) or .tar.gz (rewritten, or written to --out)')
  .option('--key <name>', 'the signing key (default: your only key, or the one named "default")')
  .option('--out <signed.tar.gz>', 'for a .tar.gz: write the signed bundle here instead of replacing it')
  .option('--json', 'print {"path","format","keyId","keyName","replaced"} as one JSON line')
  .action((bundle: string, opts: { key?: string; out?: string; json?: boolean }) =>
    signCommand(bundle, { key: opts.key, out: opts.out, json: !!opts.json }),
  );

const keys = program.command('keys').description('Ed25519 signing keys kept by the studio (in its data folder, or MODELCRATE_DATA_DIR)');
keys
  .command('create')
  .description('Make a new key pair (the private key stays in the data folder, mode 0600)')
  .argument('<name>', 'letters, digits and . _ -')
  .option('--json', 'print {"name","keyId","kind"} as one JSON line')
  .action((name: string, opts: { json?: boolean }) => keysCreateCommand(name, { json: !!opts.json }));
keys
  .command('list')
  .description('List your own keys and the public keys you trust')
  .option('--json', 'print {"keys":[{"name","keyId","kind"}]} as one JSON line')
  .action((opts: { json?: boolean }) => keysListCommand({ json: !!opts.json }));
keys
  .command('export-public')
  .description("Print (or write) a key's public key as PEM, to give to whoever verifies or serves your bundles")
  .argument('<name>', 'a key name (`modelcrate keys list`)')
  .option('--out <file.pem>', 'write it to this file instead of stdout')
  .action((name: string, opts: { out?: string }) => keysExportPublicCommand(name, { out: opts.out }));
keys
  .command('trust')
  .description('Trust someone else\'s public key: bundles they sign then open as "signed by a trusted key"')
  .argument('<pem>', 'the public key file (PEM)')
  .option('--name <name>', 'a name for it (default key-<keyId>)')
  .option('--json', 'print {"name","keyId","kind"} as one JSON line')
  .action((pem: string, opts: { name?: string; json?: boolean }) => keysTrustCommand(pem, { name: opts.name, json: !!opts.json }));

program
  .command('serve')
  .description("Serve a bundle over the Open Inference Protocol v2 (the Docker image's server, without Docker)")
  .argument('<bundle>', 'a bundle folder or .tar.gz')
  .option('--port <n>', 'port (0 = any free port)', parsePort, 8080)
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--public-key <file.pem>', 'serve only if the bundle is signed by this key (else MODELCRATE_PUBLIC_KEY, the PEM text)')
  .option('--max-batch-size <n>', 'rows per merged run under dynamic batching; 1 = off (default 32, or MODELCRATE_MAX_BATCH_SIZE)')
  .option('--max-queue-delay-ms <ms>', 'how long a batch that is not full may wait (default 0, or MODELCRATE_MAX_QUEUE_DELAY_MS)')
  .option('--memory-limit <size>', "memory the server may use, e.g. 2Gi (default: the container's limit, else the machine's RAM)")
  .option('--memory-budget <size>', 'request-body bytes in flight at most, e.g. 256Mi (default: from the memory limit)')
  .action(
    (
      bundle: string,
      opts: {
        port: number;
        host: string;
        publicKey?: string;
        maxBatchSize?: string;
        maxQueueDelayMs?: string;
        memoryLimit?: string;
        memoryBudget?: string;
      },
    ) =>
      serveCommand(bundle, {
        port: opts.port,
        host: opts.host,
        publicKey: opts.publicKey,
        load: {
          'max-batch-size': opts.maxBatchSize,
          'max-queue-delay-ms': opts.maxQueueDelayMs,
          'memory-limit': opts.memoryLimit,
          'memory-budget': opts.memoryBudget,
        },
      }),
  );

program
  .command('build')
  .description(
    "Build a Docker image that serves the model (OIP v2), verify it answers like the bundle's golden samples, optionally push it",
  )
  .argument('<bundle>', 'a bundle folder or .tar.gz, or a .onnx model (packed first, with one random golden sample)')
  .requiredOption('--tag <name:tag>', 'the image tag, e.g. mlp:1.2.3 or registry.example.com/team/mlp:1.2.3')
  .option('--base-image <image>', 'a Debian-based Node ≥ 20 image (default node:22-bookworm-slim)')
  .option('--push', 'push the tag once verified')
  .option('--registry-user <user>', 'registry user for --push (or MODELCRATE_REGISTRY_USER)')
  .option('--registry-password-stdin', 'read the registry password or token from stdin (or MODELCRATE_REGISTRY_PASSWORD)')
  .option('--no-verify', 'skip the parity gate (run the image, replay the golden samples)')
  .option('--public-key <file.pem>', 'bake this Ed25519 public key in: the image serves only a bundle signed by it (the bundle must be)')
  .option('--json', 'print the result as one JSON line (for scripts)')
  .action(
    (
      bundle: string,
      opts: {
        tag: string;
        baseImage?: string;
        push?: boolean;
        registryUser?: string;
        registryPasswordStdin?: boolean;
        verify: boolean;
        json?: boolean;
        publicKey?: string;
      },
    ) =>
      buildCommand(bundle, {
        tag: opts.tag,
        baseImage: opts.baseImage,
        push: !!opts.push,
        registryUser: opts.registryUser,
        registryPasswordStdin: !!opts.registryPasswordStdin,
        verify: opts.verify,
        json: !!opts.json,
        publicKey: opts.publicKey,
      }),
  );

const artifact = program
  .command('artifact')
  .description('Push a bundle to an OCI registry as a CNCF ModelPack model artifact, or pull one back into a verified bundle');
artifact
  .command('push')
  .description('Push a bundle as a ModelPack artifact (one uncompressed layer per model file; prints the manifest digest)')
  .argument('<bundle>', 'a bundle folder or .tar.gz')
  .argument('<reference>', 'registry/repository:tag, e.g. 127.0.0.1:5055/models/mlp:1.2.3')
  .option('--registry-user <user>', 'registry user (or MODELCRATE_REGISTRY_USER)')
  .option('--registry-password-stdin', 'read the registry password or token from stdin (or MODELCRATE_REGISTRY_PASSWORD)')
  .option('--plain-http', 'talk HTTP, not HTTPS (loopback registries always use HTTP)')
  .option('--json', 'print the result as one JSON line (for scripts)')
  .action(
    (
      bundle: string,
      reference: string,
      opts: { registryUser?: string; registryPasswordStdin?: boolean; plainHttp?: boolean; json?: boolean },
    ) =>
      artifactPushCommand(bundle, reference, {
        registryUser: opts.registryUser,
        registryPasswordStdin: !!opts.registryPasswordStdin,
        plainHttp: !!opts.plainHttp,
        json: !!opts.json,
      }),
  );
artifact
  .command('pull')
  .description('Pull a ModelPack artifact into a new bundle folder, checking every digest, then verify it (written only if it verifies)')
  .argument('<reference>', 'registry/repository:tag or registry/repository@sha256:…')
  .argument('<out-dir>', 'a new (or empty) folder')
  .option('--registry-user <user>', 'registry user (or MODELCRATE_REGISTRY_USER)')
  .option('--registry-password-stdin', 'read the registry password or token from stdin (or MODELCRATE_REGISTRY_PASSWORD)')
  .option('--plain-http', 'talk HTTP, not HTTPS (loopback registries always use HTTP)')
  .option(
    '--public-key <file.pem>',
    'refuse the artifact unless it is signed by this Ed25519 public key (checked before the weights download; nothing is written)',
  )
  .option('--require-signature', 'refuse the artifact unless it is signed by one of your own or trusted keys (`modelcrate keys list`)')
  .option('--json', 'print the result as one JSON line (for scripts)')
  .action(
    (
      reference: string,
      out: string,
      opts: {
        registryUser?: string;
        registryPasswordStdin?: boolean;
        plainHttp?: boolean;
        json?: boolean;
        publicKey?: string;
        requireSignature?: boolean;
      },
    ) =>
      artifactPullCommand(reference, out, {
        registryUser: opts.registryUser,
        registryPasswordStdin: !!opts.registryPasswordStdin,
        plainHttp: !!opts.plainHttp,
        json: !!opts.json,
        publicKey: opts.publicKey,
        requireSignature: !!opts.requireSignature,
      }),
  );

program
  .command('k8s')
  .description(
    'Write Kubernetes manifests (Deployment + Service, + HPA) or a KServe InferenceService for a built image, sized from its measured memory',
  )
  .argument('[image-ref]', 'the image, e.g. registry.example.com/team/mlp:1.2.3 (default: the tag, or the pushed reference, in --report)')
  .option('--report <file>', 'the <bundle>.image-report.json `build` wrote: measured memory, cold start, model name/version, pushed digest')
  .option('--memory <quantity>', 'measured memory of the running server, e.g. 300Mi (overrides the report)')
  .option('--name <name>', 'model name (default: from the report, else the image name)')
  .option('--version <version>', 'model version (default: from the report, else the image tag)')
  .option('--digest <sha256:…>', 'pin the image by its registry digest')
  .option('--port <n>', 'the port the server listens on in the container', parsePort)
  .option('--replicas <n>', 'replicas (without --hpa)', parsePositiveInt)
  .option('--hpa <min:max:cpu>', 'add a HorizontalPodAutoscaler, e.g. 2:10:70 (replicas 2–10 at 70% of the CPU request)')
  .option('--namespace <ns>', 'namespace for every object')
  .option('--kserve', 'write the KServe InferenceService instead')
  .option('--all', 'write both: Kubernetes objects, then the InferenceService')
  .option('--out <file>', 'write to a file (atomically) instead of stdout')
  .action(
    (
      image: string | undefined,
      opts: {
        report?: string;
        memory?: string;
        name?: string;
        version?: string;
        digest?: string;
        port?: number;
        replicas?: number;
        hpa?: string;
        namespace?: string;
        kserve?: boolean;
        all?: boolean;
        out?: string;
      },
    ) => k8sCommand(image, { ...opts, what: opts.all ? 'all' : opts.kserve ? 'kserve' : 'kubernetes' }),
  );

program
  .command('context')
  .description('Write the Docker build context (Dockerfile, server, runtime, bundle) to a folder, to build elsewhere')
  .argument('<bundle>', 'a bundle folder or .tar.gz')
  .requiredOption('--out <dir>', 'a new or empty folder')
  .option('--public-key <file.pem>', 'bake this Ed25519 public key in: the image serves only a bundle signed by it')
  .option('--json', 'print {"path","files","bytes","parts","model"} as one JSON line')
  .action((bundle: string, opts: { out: string; json?: boolean; publicKey?: string }) =>
    contextCommand(bundle, { out: opts.out, json: !!opts.json, publicKey: opts.publicKey }),
  );

program
  .command('diff')
  .description(
    'Compare two models or bundles (IO signature, opsets, ops, weights, metadata, size, golden samples, latency), classify the change and suggest the version; exit 1 when breaking, 3 when the outputs could not be compared',
  )
  .argument('<older>', 'the older .onnx model or bundle (folder or .tar.gz); its golden samples are run on both')
  .argument('<newer>', 'the newer .onnx model or bundle')
  .option('--json', 'print the report as one JSON line (for scripts; shape in shared/diff/types.ts DiffReport)')
  .option('--no-run', 'compare statically only: no onnxruntime, no golden samples, no latency')
  .option('--runs <n>', 'timed runs per model for the latency figures', parsePositiveInt, 20)
  .option('--inputs <specs...>', "run this sample on both models instead of the older one's golden samples (the forms predict takes)")
  .option(
    '--dim <name=size>',
    'size of an open dim for the generated sample: by name or by input and axis (input.1=512); repeatable',
    collectDim,
  )
  .action(
    (older: string, newer: string, opts: { json?: boolean; run: boolean; runs: number; inputs?: string[]; dim?: Record<string, number> }) =>
      diffCommand(older, newer, { json: !!opts.json, run: opts.run, runs: opts.runs, inputs: opts.inputs, dims: opts.dim }),
  );

program
  .command('studio')
  .description('Open the studio (desktop app, or the browser UI with --web)')
  .argument('[model]', 'a .onnx file to open at start')
  .option('--web', 'serve the UI to a browser on 127.0.0.1 instead of opening the desktop app')
  .option('--port <n>', 'port for --web (0 = any free port)', parsePort, 0)
  .option('--data-dir <dir>', 'where recent files and settings are kept')
  .action((model: string | undefined, opts: { web?: boolean; port: number; dataDir?: string }) =>
    studioCommand({ model, web: !!opts.web, port: opts.port, dataDir: opts.dataDir }),
  );

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0–65535');
  return n;
}

// Each command ends through runCommand (cli/run-command.ts: exit codes, the error line). Only what
// escapes one gets here: `studio`, which has no runner, and commander itself.
program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`error[INTERNAL]: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
