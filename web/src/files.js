// Loading an argument from a folder or a .zip, and saving the argument as it now stands
// (edited rules, rows switched off left out, added rows in) as a .zip.
import { unzipSync, zipSync, gunzipSync, strToU8, strFromU8 } from 'fflate';
import { TEXT_EXT } from './argument.js';

// <input type=file webkitdirectory> files -> {relative path: text}
export async function readFolder(fileList) {
  const files = {};
  for (const file of fileList) {
    const path = file.webkitRelativePath || file.name;
    if (TEXT_EXT.test(path)) files[path] = await file.text();
  }
  return files;
}

// A .zip's bytes -> {relative path: text}; folders and non-text files are left out.
export function readZip(bytes) {
  const entries = unzipSync(new Uint8Array(bytes), { filter: (f) => TEXT_EXT.test(f.name) && !f.name.startsWith('__MACOSX/') });
  const files = {};
  for (const [path, data] of Object.entries(entries)) files[path.replace(/^\.\//, '')] = strFromU8(data);
  return files;
}

// {path: text} -> the bytes of a .zip holding them.
export function writeZip(files) {
  const tree = {};
  for (const [path, text] of Object.entries(files)) tree[path] = strToU8(text);
  return zipSync(tree, { level: 6 });
}

export async function readArgumentFiles(input) {
  const list = [...input.files];
  if (list.length === 1 && /\.zip$/i.test(list[0].name)) return { files: readZip(await list[0].arrayBuffer()), label: list[0].name.replace(/\.zip$/i, '') };
  return { files: await readFolder(list), label: '' };
}

export function download(bytes, name) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// base64 of gzipped bytes (as build.mjs stores the engine's wasm) -> the bytes.
export function inflateBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return gunzipSync(bytes);
}
