"""Builds the TorchScript models the conversion tests convert, with the real torch.

Usage: convert_models.py OUT_DIR
Writes (and prints as JSON the file names):
  net.pt      a small conv + linear net, torch.jit.script'ed: input [N, 3, 16, 16] float32 -> [N, 10]
  traced.pt   the same net, torch.jit.trace'd, with two outputs (logits, features)
  fft.pt      uses torch.fft.rfft, which torch 1.13 cannot export to ONNX
  noisy.pt    adds torch.rand_like noise: exports fine, but cannot reproduce its outputs (parity fails)
"""
import json
import os
import sys

import torch

torch.manual_seed(0)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.fc = torch.nn.Linear(8 * 8 * 8, 10)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = torch.nn.functional.max_pool2d(x, 2)
        return self.fc(x.flatten(1))


class TwoOutputs(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        features = torch.relu(self.net.conv(x))
        return self.net(x), features.mean(dim=(2, 3))


class Fft(torch.nn.Module):
    def forward(self, x):
        return torch.fft.rfft(x).abs()


class Noisy(torch.nn.Module):
    def forward(self, x):
        return x + torch.rand_like(x)


out = sys.argv[1]
net = Net().eval()
torch.jit.script(net).save(os.path.join(out, "net.pt"))
torch.jit.trace(TwoOutputs(net).eval(), torch.randn(1, 3, 16, 16)).save(os.path.join(out, "traced.pt"))
torch.jit.script(Fft()).save(os.path.join(out, "fft.pt"))
torch.jit.script(Noisy()).save(os.path.join(out, "noisy.pt"))
print(json.dumps({"torch": torch.__version__, "files": ["net.pt", "traced.pt", "fft.pt", "noisy.pt"]}))
