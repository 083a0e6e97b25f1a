import { getApi } from '../transport';

/** Desktop: reveal a file the studio wrote in the OS file manager. */
export function ShowInFolder({ fileId }: { fileId: string }) {
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm"
      onClick={() =>
        void getApi()
          .call('file.showInFolder', { fileId })
          .catch(() => {})
      }
    >
      Show in folder
    </button>
  );
}
