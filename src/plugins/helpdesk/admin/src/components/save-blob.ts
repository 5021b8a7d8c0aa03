/** Hands a Blob to the browser as a download, under the given file name. */
export const saveBlob = (blob: Blob, filename: string): void => {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser time to start reading it before the memory goes.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
};
