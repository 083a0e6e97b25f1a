#!/usr/bin/env python3
"""Keras model files written with h5py, json and zipfile exactly as Keras lays them out (Keras itself
is not installable here). Usage:
  keras_cases.py write OUTDIR     → prints [{name, file, params: {layer: n}}]
  keras_cases.py hostile OUTDIR   → archives a reader must refuse or limit, [{name, file}]
  keras_cases.py list FILE.keras  → {base, compress_type, datasets}: the weights file as h5py lists it

Keras 2 .h5 (keras/saving/legacy/hdf5_format.py, save_model_to_hdf5): root attributes keras_version
and backend (str), model_config and training_config (JSON encoded to bytes); a model_weights group
with layer_names (an array of bytes), backend and keras_version; one group per layer with
weight_names, and each weight as a dataset named by the weight's full name (conv2d/kernel:0, so
model_weights/conv2d/conv2d/kernel:0); a layer without weights gets np.asarray([]) as weight_names;
optimizer_weights when compiled. save_weights('x.h5') writes the model_weights part at the root.

Keras 3 .keras (keras/src/saving/saving_lib.py): a zip (ZIP_STORED by default) with metadata.json,
config.json and model.weights.h5, whose groups follow the object tree: layers/<name>/vars/<i>,
optimizer/vars/<i>, and an empty vars group for the model itself.
"""
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np

rng = np.random.default_rng(3)


def w(*shape):
    return rng.standard_normal(shape).astype('float32')


def policy(name='float32'):
    return {'module': 'keras', 'class_name': 'DTypePolicy', 'config': {'name': name}, 'registered_name': None}


# ---- Keras 2 ----

K2_CONV = {
    'class_name': 'Sequential',
    'config': {
        'name': 'sequential',
        'layers': [
            {'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 28, 28, 1], 'dtype': 'float32', 'sparse': False, 'ragged': False, 'name': 'conv2d_input'}},
            {'class_name': 'Conv2D', 'config': {'name': 'conv2d', 'trainable': True, 'dtype': 'float32', 'filters': 8, 'kernel_size': [3, 3], 'strides': [1, 1], 'padding': 'valid', 'data_format': 'channels_last', 'dilation_rate': [1, 1], 'groups': 1, 'activation': 'relu', 'use_bias': True}},
            {'class_name': 'MaxPooling2D', 'config': {'name': 'max_pooling2d', 'trainable': True, 'dtype': 'float32', 'pool_size': [2, 2], 'padding': 'valid', 'strides': [2, 2], 'data_format': 'channels_last'}},
            {'class_name': 'Flatten', 'config': {'name': 'flatten', 'trainable': True, 'dtype': 'float32', 'data_format': 'channels_last'}},
            {'class_name': 'Dropout', 'config': {'name': 'dropout', 'trainable': True, 'dtype': 'float32', 'rate': 0.25}},
            {'class_name': 'Dense', 'config': {'name': 'dense', 'trainable': True, 'dtype': 'float32', 'units': 10, 'activation': 'softmax', 'use_bias': True}},
        ],
    },
}
K2_CONV_WEIGHTS = {
    'conv2d': [('conv2d/kernel:0', w(3, 3, 1, 8)), ('conv2d/bias:0', w(8))],
    'max_pooling2d': [],
    'flatten': [],
    'dropout': [],
    'dense': [('dense/kernel:0', w(1352, 10)), ('dense/bias:0', w(10))],
}
K2_TRAINING = {
    'loss': 'categorical_crossentropy',
    'metrics': [[{'class_name': 'MeanMetricWrapper', 'config': {'name': 'accuracy', 'dtype': 'float32', 'fn': 'categorical_accuracy'}}]],
    'optimizer_config': {'class_name': 'Adam', 'config': {'name': 'Adam', 'learning_rate': 0.001}},
}

# A functional model: two inputs, a Lambda layer (marshalled bytecode in its config), Concatenate.
K2_FUNCTIONAL = {
    'class_name': 'Functional',
    'config': {
        'name': 'model',
        'layers': [
            {'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 16], 'dtype': 'float32', 'sparse': False, 'ragged': False, 'name': 'text'}, 'name': 'text', 'inbound_nodes': []},
            {'class_name': 'InputLayer', 'config': {'batch_input_shape': [None, 4], 'dtype': 'float32', 'sparse': False, 'ragged': False, 'name': 'meta'}, 'name': 'meta', 'inbound_nodes': []},
            {'class_name': 'Dense', 'config': {'name': 'text_dense', 'trainable': True, 'dtype': 'float32', 'units': 8, 'activation': 'relu', 'use_bias': True}, 'name': 'text_dense', 'inbound_nodes': [[['text', 0, 0, {}]]]},
            {'class_name': 'Lambda', 'config': {'name': 'scale', 'trainable': True, 'dtype': 'float32', 'function': ['4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7pAgAAAKkAKQHaAXhyAgAAAHICAAAA+gc8c3RkaW4++gg8bGFtYmRhPgEAAADzAAAAAA==', None, None], 'function_type': 'lambda', 'module': '__main__', 'output_shape': None, 'output_shape_type': 'raw', 'output_shape_module': None, 'arguments': {}}, 'name': 'scale', 'inbound_nodes': [[['meta', 0, 0, {}]]]},
            {'class_name': 'Concatenate', 'config': {'name': 'concatenate', 'trainable': True, 'dtype': 'float32', 'axis': -1}, 'name': 'concatenate', 'inbound_nodes': [[['text_dense', 0, 0, {}], ['scale', 0, 0, {}]]]},
            {'class_name': 'Dense', 'config': {'name': 'out', 'trainable': True, 'dtype': 'float32', 'units': 3, 'activation': 'softmax', 'use_bias': True}, 'name': 'out', 'inbound_nodes': [[['concatenate', 0, 0, {}]]]},
        ],
        'input_layers': [['text', 0, 0], ['meta', 0, 0]],
        'output_layers': [['out', 0, 0]],
    },
}
K2_FUNCTIONAL_WEIGHTS = {
    'text': [],
    'meta': [],
    'text_dense': [('text_dense/kernel:0', w(16, 8)), ('text_dense/bias:0', w(8))],
    'scale': [],
    'concatenate': [],
    'out': [('out/kernel:0', w(12, 3)), ('out/bias:0', w(3))],
}


def save_attributes(group, name, data):
    """Keras 2's save_attributes_to_hdf5_group: split lists over name0, name1… past 64512 bytes."""
    data_npy = np.asarray(data)
    chunks = 1
    split = np.array_split(data_npy, chunks)
    while any(x.nbytes > 64512 for x in split):
        chunks += 1
        split = np.array_split(data_npy, chunks)
    if chunks > 1:
        for i, part in enumerate(split):
            group.attrs['%s%d' % (name, i)] = part
    else:
        group.attrs[name] = data


def save_weights_group(f, weights):
    save_attributes(f, 'layer_names', [n.encode('utf8') for n in weights])
    f.attrs['backend'] = 'tensorflow'
    f.attrs['keras_version'] = '2.11.0'
    for layer, ws in weights.items():
        g = f.create_group(layer)
        save_attributes(g, 'weight_names', [n.encode('utf8') for n, _ in ws])
        for n, val in ws:
            d = g.create_dataset(n, val.shape, dtype=val.dtype)
            d[()] = val


def write_keras2(path, config, weights, training=None):
    with h5py.File(path, 'w') as f:
        f.attrs['keras_version'] = '2.11.0'
        f.attrs['backend'] = 'tensorflow'
        f.attrs['model_config'] = json.dumps(config).encode('utf8')
        if training:
            f.attrs['training_config'] = json.dumps(training).encode('utf8')
        save_weights_group(f.create_group('model_weights'), weights)
        if training:
            og = f.create_group('optimizer_weights')
            names = ['Adam/iter:0'] + [f'Adam/{n[:-2]}/m:0' for ws in weights.values() for n, _ in ws]
            save_attributes(og, 'weight_names', [n.encode('utf8') for n in names])
            og.create_dataset('Adam/iter:0', data=np.int64(10))
            for ws in weights.values():
                for n, val in ws:
                    og.create_dataset(f'Adam/{n[:-2]}/m:0', data=np.zeros_like(val))


def params(weights):
    return {k: int(sum(v.size for _, v in ws)) for k, ws in weights.items()}


# ---- Keras 3 ----

def k3_layer(cls, name, build_shape=None, **cfg):
    layer = {'module': 'keras.layers', 'class_name': cls, 'config': {'name': name, 'trainable': True, 'dtype': policy(), **cfg}, 'registered_name': None}
    if build_shape is not None:
        layer['build_config'] = {'input_shape': build_shape}
    return layer


K3_SEQUENTIAL = {
    'module': 'keras',
    'class_name': 'Sequential',
    'config': {
        'name': 'sequential',
        'trainable': True,
        'dtype': policy(),
        'layers': [
            {'module': 'keras.layers', 'class_name': 'InputLayer', 'config': {'batch_shape': [None, 32, 32, 3], 'dtype': 'float32', 'sparse': False, 'name': 'input_layer'}, 'registered_name': None},
            k3_layer('Conv2D', 'conv2d', [None, 32, 32, 3], filters=16, kernel_size=[3, 3], strides=[1, 1], padding='same', data_format='channels_last', dilation_rate=[1, 1], groups=1, activation='relu', use_bias=True),
            k3_layer('BatchNormalization', 'batch_normalization', [None, 32, 32, 16], axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True),
            k3_layer('MaxPooling2D', 'max_pooling2d', None, pool_size=[2, 2], padding='valid', strides=[2, 2], data_format='channels_last'),
            k3_layer('GlobalAveragePooling2D', 'global_average_pooling2d', None, data_format='channels_last', keepdims=False),
            k3_layer('Dense', 'dense', [None, 16], units=5, activation='softmax', use_bias=True),
        ],
        'build_input_shape': [None, 32, 32, 3],
    },
    'registered_name': None,
    'build_config': {'input_shape': [None, 32, 32, 3]},
    'compile_config': {'optimizer': 'adam', 'loss': 'sparse_categorical_crossentropy', 'metrics': None},
}
K3_SEQUENTIAL_VARS = {
    'conv2d': [w(3, 3, 3, 16), w(16)],
    'batch_normalization': [w(16), w(16), w(16), w(16)],
    'max_pooling2d': [],
    'global_average_pooling2d': [],
    'dense': [w(16, 5), w(5)],
}

K3_FUNCTIONAL = {
    'module': 'keras.src.models.functional',
    'class_name': 'Functional',
    'config': {
        'name': 'functional',
        'trainable': True,
        'layers': [
            {'module': 'keras.layers', 'class_name': 'InputLayer', 'config': {'batch_shape': [None, 10, 6], 'dtype': 'float32', 'sparse': False, 'name': 'series'}, 'registered_name': None, 'name': 'series', 'inbound_nodes': []},
            {**k3_layer('LSTM', 'lstm', [None, 10, 6], units=12, return_sequences=False), 'name': 'lstm', 'inbound_nodes': [{'args': [{'class_name': '__keras_tensor__', 'config': {'shape': [None, 10, 6], 'dtype': 'float32', 'keras_history': ['series', 0, 0]}}], 'kwargs': {'training': False}}]},
            {**k3_layer('Dense', 'head', [None, 12], units=1, activation='linear', use_bias=True), 'name': 'head', 'inbound_nodes': [{'args': [{'class_name': '__keras_tensor__', 'config': {'shape': [None, 12], 'dtype': 'float32', 'keras_history': ['lstm', 0, 0]}}], 'kwargs': {}}]},
        ],
        'input_layers': [['series', 0, 0]],
        'output_layers': [['head', 0, 0]],
    },
    'registered_name': 'Functional',
    'build_config': {'input_shape': None},
}
K3_FUNCTIONAL_VARS = {'series': [], 'lstm': [w(6, 48), w(12, 48), w(48)], 'head': [w(12, 1), w(1)]}


def write_keras3(path, config, variables, compression):
    h5 = io.BytesIO()
    with h5py.File(h5, 'w') as f:
        for layer, vs in variables.items():
            g = f.create_group(f'layers/{layer}/vars')
            for i, v in enumerate(vs):
                g.create_dataset(str(i), data=v)
        f.create_group('vars')
        opt = f.create_group('optimizer/vars')
        opt.create_dataset('0', data=np.int64(0))
        opt.create_dataset('1', data=np.float32(0.001))
    meta = {'keras_version': '3.3.3', 'date_saved': '2024-05-02@10:11:12'}
    with zipfile.ZipFile(path, 'w', compression=compression) as zf:
        zf.writestr('metadata.json', json.dumps(meta))
        zf.writestr('config.json', json.dumps(config))
        zf.writestr('model.weights.h5', h5.getvalue())


def write(outdir):
    out = []

    def add(name, params_by_layer):
        out.append({'name': name, 'file': os.path.join(outdir, name), 'params': params_by_layer})

    write_keras2(os.path.join(outdir, 'k2_sequential.h5'), K2_CONV, K2_CONV_WEIGHTS, K2_TRAINING)
    add('k2_sequential.h5', params(K2_CONV_WEIGHTS))
    write_keras2(os.path.join(outdir, 'k2_functional.h5'), K2_FUNCTIONAL, K2_FUNCTIONAL_WEIGHTS)
    add('k2_functional.h5', params(K2_FUNCTIONAL_WEIGHTS))
    with h5py.File(os.path.join(outdir, 'k2_weights.h5'), 'w') as f:
        save_weights_group(f, K2_CONV_WEIGHTS)
    add('k2_weights.h5', params(K2_CONV_WEIGHTS))
    vparams = lambda vs: {k: int(sum(x.size for x in v)) for k, v in vs.items()}
    write_keras3(os.path.join(outdir, 'k3_sequential.keras'), K3_SEQUENTIAL, K3_SEQUENTIAL_VARS, zipfile.ZIP_STORED)
    add('k3_sequential.keras', vparams(K3_SEQUENTIAL_VARS))
    write_keras3(os.path.join(outdir, 'k3_functional_deflated.keras'), K3_FUNCTIONAL, K3_FUNCTIONAL_VARS, zipfile.ZIP_DEFLATED)
    add('k3_functional_deflated.keras', vparams(K3_FUNCTIONAL_VARS))
    json.dump(out, sys.stdout)


def hostile(outdir):
    """Archives Keras would never write: no config, a config that is not JSON, a weights entry that
    is not HDF5, a compressed weights entry that inflates past the reader's in-memory cap."""
    out = []

    def archive(name, members, compression=zipfile.ZIP_STORED):
        path = os.path.join(outdir, name)
        with zipfile.ZipFile(path, 'w', compression=compression) as zf:
            for n, data in members:
                zf.writestr(n, data)
        out.append({'name': name, 'file': path})

    meta = json.dumps({'keras_version': '3.3.3', 'date_saved': '2024-05-02@10:11:12'})
    config = json.dumps(K3_SEQUENTIAL)
    archive('no_config.keras', [('metadata.json', meta), ('model.weights.h5', b'')])
    archive('bad_config.keras', [('metadata.json', meta), ('config.json', '{"class_name": "Sequential", '), ('model.weights.h5', b'')])
    archive('bad_weights.keras', [('metadata.json', meta), ('config.json', config), ('model.weights.h5', b'not an HDF5 file ' * 4)])
    archive('huge_weights.keras', [('metadata.json', meta), ('config.json', config), ('model.weights.h5', bytes(300 << 20))], zipfile.ZIP_DEFLATED)
    json.dump(out, sys.stdout)


def list_keras(path):
    """The datasets of a .keras archive's weights file, with their data offset inside it and sha256."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import h5_cases

    with zipfile.ZipFile(path) as zf:
        data = zf.read('model.weights.h5')
        info = zf.getinfo('model.weights.h5')
        # The entry's data starts after its local header (30 bytes, name, extra field).
        with open(path, 'rb') as f:
            f.seek(info.header_offset)
            head = f.read(30)
        base = info.header_offset + 30 + int.from_bytes(head[26:28], 'little') + int.from_bytes(head[28:30], 'little')
    tmp = path + '.weights.h5'
    with open(tmp, 'wb') as f:
        f.write(data)
    listing = h5_cases.listing(tmp)
    os.remove(tmp)
    json.dump({'base': base, 'compress_type': info.compress_type, 'datasets': listing['datasets']}, sys.stdout)


if __name__ == '__main__':
    {'write': write, 'hostile': hostile, 'list': list_keras}[sys.argv[1]](sys.argv[2])
