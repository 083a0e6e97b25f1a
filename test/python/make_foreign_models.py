#!/usr/bin/env python3
"""Writes real model files of other formats with the real libraries, for the studio's e2e and CLI tests.

Usage: make_foreign_models.py OUT_DIR
Prints a JSON object {name: path}. Needs /usr/bin/python3 with torch, numpy (python3-torch).
Nothing here is ever unpickled: the studio only reads these files statically.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
paths = {}


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.fc = torch.nn.Linear(4 * 8 * 8, 5)

    def forward(self, x):
        y = torch.relu(self.conv(x))
        return torch.softmax(self.fc(y.flatten(1)), dim=1)


net = Net().eval()
paths['checkpoint'] = os.path.join(out, 'net_state.pt')
torch.save(net.state_dict(), paths['checkpoint'])
paths['torchscript'] = os.path.join(out, 'net_scripted.pt')
torch.jit.save(torch.jit.trace(net, torch.rand(1, 3, 8, 8)), paths['torchscript'])

# safetensors, laid out per its spec (the safetensors package is not in Debian): header, then data.
tensors = {name: t.detach().numpy() for name, t in net.state_dict().items()}
header, offset, blobs = {'__metadata__': {'format': 'pt', 'source': 'make_foreign_models.py'}}, 0, []
for name, arr in tensors.items():
    b = np.ascontiguousarray(arr, dtype=np.float32).tobytes()
    header[name] = {'dtype': 'F32', 'shape': list(arr.shape), 'data_offsets': [offset, offset + len(b)]}
    blobs.append(b)
    offset += len(b)
h = json.dumps(header).encode()
h += b' ' * ((8 - len(h) % 8) % 8)
paths['safetensors'] = os.path.join(out, 'net.safetensors')
with open(paths['safetensors'], 'wb') as f:
    f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))

print(json.dumps(paths))
