import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef<T extends string> {
  id: T;
  label: string;
}

/**
 * The WAI-ARIA tabs pattern: one tab stop (roving tabindex), arrows/Home/End move between tabs and
 * select them, the panel is labelled by its tab. Only the selected panel is rendered.
 */
export function Tabs<T extends string>({
  idBase,
  label,
  tabs,
  selected,
  onSelect,
  children,
}: {
  idBase: string;
  label: string;
  tabs: readonly TabDef<T>[];
  selected: T;
  onSelect: (id: T) => void;
  children: ReactNode;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const move = (e: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const to =
      e.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : e.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : -1;
    if (to < 0) return;
    e.preventDefault();
    const id = tabs[to]!.id;
    onSelect(id);
    refs.current.get(id)?.focus();
  };
  return (
    <div className="tabs">
      <div className="tab-list" role="tablist" aria-label={label}>
        {tabs.map((t, i) => {
          const on = t.id === selected;
          return (
            <button
              key={t.id}
              ref={(el) => void (el ? refs.current.set(t.id, el) : refs.current.delete(t.id))}
              type="button"
              role="tab"
              id={`${idBase}-tab-${t.id}`}
              className="tab"
              aria-selected={on}
              aria-controls={`${idBase}-panel`}
              tabIndex={on ? 0 : -1}
              onClick={() => onSelect(t.id)}
              onKeyDown={(e) => move(e, i)}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${selected}`}>
        {children}
      </div>
    </div>
  );
}
