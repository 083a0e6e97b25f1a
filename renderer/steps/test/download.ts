/**
 * Saves bytes as a file through a Blob URL and a download link: the same path works in a browser
 * and in Electron (where the session's download handling shows a save dialog), with no call to
 * the host and nothing the CSP has to allow beyond blob:.
 */
export function downloadBlob(fileName: string, body: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Not revoked at once: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
