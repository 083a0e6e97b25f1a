import { describe, expect, it } from 'vitest';
import { forwardSignature } from './script-signature';

// As torch.jit.save writes code/__torch__.py (torch 1.13 and 2.x print the same shape).
const NET = `class Net(Module):
  __parameters__ = []
  conv : __torch__.torch.nn.modules.conv.Conv2d
  def forward(self: __torch__.Net,
    x: Tensor) -> Tensor:
    conv = self.conv
    return (conv).forward(x, )
`;

const SEQ = `class Encoder(Module):
  def helper(self: __torch__.models.Encoder,
    y: Tensor) -> Tensor:
    return y
  def forward(self: __torch__.models.Encoder,
    tokens: Tensor,
    state: Tuple[Tensor, Tensor],
    mask: Optional[Tensor]=None,
    scale: float=1.) -> Tuple[Tensor, Tuple[Tensor, Tensor]]:
    return (tokens, state)
`;

describe('forwardSignature', () => {
  it('reads the root module’s forward() arguments after self, and its return type', () => {
    expect(forwardSignature(NET, '__torch__.Net')).toEqual({ inputs: [{ name: 'x', dtype: 'Tensor', shape: null }], returns: 'Tensor' });
  });

  it('keeps bracketed types whole, drops defaults, and skips other methods', () => {
    expect(forwardSignature(SEQ, '__torch__.models.Encoder')).toEqual({
      inputs: [
        { name: 'tokens', dtype: 'Tensor', shape: null },
        { name: 'state', dtype: 'Tuple[Tensor, Tensor]', shape: null },
        { name: 'mask', dtype: 'Optional[Tensor]', shape: null },
        { name: 'scale', dtype: 'float', shape: null },
      ],
      returns: 'Tuple[Tensor, Tuple[Tensor, Tensor]]',
    });
  });

  it('is null for another class, or a forward cut off', () => {
    expect(forwardSignature(NET, '__torch__.Other')).toBeNull();
    expect(forwardSignature('  def forward(self: __torch__.Net,\n    x: Tensor', '__torch__.Net')).toBeNull();
  });
});
