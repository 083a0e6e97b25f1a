import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Icon } from '../../components/Icon';

/**
 * A drop target for one input's file, with a button for the keyboard. Drag events stop here: the
 * window's own handler would otherwise take the file for a model to open.
 */
export function FileDrop({
  label,
  accept,
  hint,
  testId,
  onFile,
  children,
}: {
  label: string;
  accept: string;
  hint: string;
  testId: string;
  onFile: (file: File) => void;
  children?: ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const stop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div
      className={over ? 'file-drop file-drop-over' : 'file-drop'}
      data-testid={testId}
      onDragEnter={(e) => {
        stop(e);
        setOver(true);
      }}
      onDragOver={(e) => {
        stop(e);
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        stop(e);
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        stop(e);
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file) onFile(file);
      }}
    >
      <div className="file-drop-row">
        <Icon name="upload" size={20} className="file-drop-icon" />
        <span className="file-drop-text">{hint}</span>
        <button type="button" className="btn btn-sm" onClick={() => input.current?.click()}>
          {label}
        </button>
      </div>
      {children}
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        tabIndex={-1}
        aria-hidden="true"
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = ''; // picking the same file again still fires change
          if (file) onFile(file);
        }}
      />
    </div>
  );
}
