#!/usr/bin/env python3
"""HDF5 files written by h5py, and h5py's own listing of them, for the HDF5 reader's cross-checks.

Usage:
  h5_cases.py write OUTDIR   writes the cases, prints [{name, file}]
  h5_cases.py big FILE       writes one 64 MB float32 dataset (for the laziness check)
  h5_cases.py list FILE...   prints [{file, superblock, datasets: [...], attrs: {...}}]: every object
                             h5py's visititems reaches (each once), with path, shape, dtype, the bytes
                             it stores (get_storage_size) and its offset when contiguous; root attributes
                             and every group's attributes.
"""
import hashlib
import json
import os
import sys

import h5py
import numpy as np

VLEN_STR = h5py.string_dtype('utf-8')


def fill(f, big_groups):
    """The same contents under every file-format version: nested groups, chunked and compressed
    datasets, a resizable one, a scalar, an empty one, strings, bool, complex, many attributes,
    links that loop back, a soft and an external link."""
    rng = np.random.default_rng(7)
    f.attrs['title'] = 'h5 cases'  # vlen UTF-8 str
    f.attrs['fixed'] = np.bytes_(b'fixed-bytes')
    f.attrs['count'] = np.int64(42)
    f.attrs['ratio'] = np.float32(0.5)
    f.attrs['vector'] = np.arange(5, dtype='<f8')
    f.attrs['flag'] = True
    f.attrs['names'] = np.array([b'alpha', b'beta', b'gamma'])
    f.attrs['tags'] = np.array(['x', 'yy', 'zzz'], dtype=VLEN_STR)
    g = f.create_group('a/b/c')
    g.create_dataset('weights', data=rng.standard_normal((64, 32)).astype('<f4'))
    g.create_dataset('half', data=np.arange(12, dtype='<f2').reshape(3, 4))
    f.create_dataset('a/gz', data=np.tile(np.arange(1000, dtype='<i4'), 20).reshape(100, 200), chunks=(10, 50), compression='gzip', shuffle=True)
    f.create_dataset('a/growing', shape=(5, 3), maxshape=(None, 3), dtype='<i8')
    f.create_dataset('a/grown', data=np.arange(30, dtype='<i8').reshape(10, 3), maxshape=(None, 3), chunks=(4, 3))
    # A compact dataset: its data lives inside its object header (h5py has no keyword for it).
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(h5py.h5d.COMPACT)
    compact = h5py.h5d.create(f.id, b'compact', h5py.h5t.STD_I32LE, h5py.h5s.create_simple((4,)), dcpl=dcpl)
    compact.write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(4, dtype='<i4'))
    f.create_dataset('a/one_chunk', data=np.ones((8, 8), dtype='<f8'), chunks=(8, 8), compression='gzip')
    f.create_dataset('scalar', data=np.float64(3.5))
    f.create_dataset('empty', shape=(0,), dtype='<f4')
    f.create_dataset('unallocated', shape=(1000,), dtype='<u2')
    f.create_dataset('bytes_i8', data=np.arange(-5, 5, dtype='i1'))
    f.create_dataset('u16', data=np.arange(6, dtype='<u2').reshape(2, 3))
    f.create_dataset('bools', data=np.array([True, False, True]))
    f.create_dataset('complex', data=np.array([1 + 2j, 3 - 4j], dtype='<c8'))
    f.create_dataset('text', data=np.array(['one', 'two'], dtype=VLEN_STR))
    f.create_dataset('fixed_text', data=np.array([b'abc', b'de']))
    many = f.create_group('many_attrs')
    for i in range(30):
        many.attrs[f'attr_{i:02d}'] = np.int32(i)
    many.attrs['long_text'] = 'x' * 3000
    wide = f.create_group('wide')
    for i in range(big_groups):
        wide.create_dataset(f'd{i:04d}', data=np.array([i], dtype='<i2'))
    f['a/b/loop'] = f['a']  # a hard link back up: a cycle
    f['a/alias'] = f['a/b/c/weights']  # a second name for one dataset
    f['soft'] = h5py.SoftLink('/a/b/c')
    f['ext'] = h5py.ExternalLink('other.h5', '/x')


def write(outdir):
    out = []
    specs = [
        ('default', {}, 20),  # superblock 0, object header 1, symbol-table groups (B-tree v1 + local heap)
        ('userblock', {'userblock_size': 512}, 5),  # the superblock at byte 512
        ('v108', {'libver': ('v108', 'v108')}, 20),  # superblock 2, object header 2, compact link messages
        ('latest', {'libver': 'latest'}, 2000),  # superblock 3, dense links: fractal heap + deep v2 B-tree
        ('latest_small', {'libver': 'latest'}, 40),  # dense links in a single-leaf v2 B-tree
    ]
    for name, kw, big in specs:
        path = os.path.join(outdir, f'{name}.h5')
        with h5py.File(path, 'w', **kw) as f:
            fill(f, big)
            if name == 'latest':  # attributes past the 64 KB header message limit: dense storage only
                f.attrs['model_config'] = 'y' * 200_000
                f.attrs['fixed_big'] = np.bytes_(b'z' * 100_000)
        out.append({'name': name, 'file': path})
    path = os.path.join(outdir, 'track_order.h5')
    with h5py.File(path, 'w', track_order=True) as f:  # creation order tracked: link info + object header 2
        fill(f, 30)
    out.append({'name': 'track_order', 'file': path})
    json.dump(out, sys.stdout)


def dtype_name(dt):
    if h5py.check_string_dtype(dt) is not None and dt.kind == 'O':
        return 'string'
    if dt.kind == 'S':
        return f'S{dt.itemsize}'
    if dt.kind == 'b':
        return 'bool'
    return dt.name


def value(v):
    if isinstance(v, bytes):
        return v.decode('utf-8')
    if isinstance(v, np.ndarray):
        return [value(x) for x in v.tolist()]
    if isinstance(v, (list, tuple)):
        return [value(x) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    return v


def listing(path):
    datasets = []
    groups = {}
    with h5py.File(path, 'r') as f:

        def visit(name, obj):
            if isinstance(obj, h5py.Group):
                groups[name] = {k: value(obj.attrs[k]) for k in obj.attrs}
            if isinstance(obj, h5py.Dataset):
                d = {
                    'path': name,
                    'shape': list(obj.shape) if obj.shape is not None else None,
                    'dtype': dtype_name(obj.dtype),
                    'bytes': obj.id.get_storage_size(),
                    'layout': ['compact', 'contiguous', 'chunked', 'virtual'][obj.id.get_create_plist().get_layout()],
                }
                off = obj.id.get_offset()
                if off is not None and d['bytes'] > 0:
                    d['offset'] = off
                    d['sha256'] = hashlib.sha256(np.ascontiguousarray(obj[()]).tobytes()).hexdigest() if obj.dtype.kind in 'biufc' else None
                datasets.append(d)

        f.visititems(visit)
        attrs = {k: value(f.attrs[k]) for k in f.attrs}
        sb = f.id.get_create_plist().get_version()[0]
    return {'file': path, 'superblock': sb, 'datasets': datasets, 'attrs': attrs, 'groups': groups}


def big(path):
    with h5py.File(path, 'w') as f:
        f.create_dataset('big', data=np.ones((4096, 4096), dtype='<f4'))
    json.dump({'file': path}, sys.stdout)


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2])
    elif sys.argv[1] == 'big':
        big(sys.argv[2])
    else:
        json.dump([listing(p) for p in sys.argv[2:]], sys.stdout)
