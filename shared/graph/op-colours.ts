// Op-type colours for the graph view and its legend. INTERFACE STUB (issue 7): the graph-logic
// helper replaces the body; the exported names and signatures are what the canvas relies on.
export type OpCategory = 'conv' | 'linear' | 'activation' | 'normalization' | 'pooling' | 'elementwise' | 'shape' | 'reduction' | 'control' | 'quantization' | 'other';

export interface OpCategoryInfo { id: OpCategory; label: string; colour: string }

export const OP_CATEGORIES: readonly OpCategoryInfo[] = [{ id: 'other', label: 'Other', colour: '#8a93a6' }];

export function opCategory(_op: string, _domain = ''): OpCategory {
  return 'other';
}

export function opColour(op: string, domain = ''): string {
  const c = opCategory(op, domain);
  return OP_CATEGORIES.find((x) => x.id === c)?.colour ?? '#8a93a6';
}
