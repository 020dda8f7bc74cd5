// SPDX-License-Identifier: Apache-2.0
// The Files window: browse, upload (picker and drag-and-drop, with progress), download,
// rename/move, delete to the trash (with undo), versions and restore, publish to IPFS, CAR export.

import { api, q } from './api.js';
import { el, clear, toast, errorToast, dialog, confirmDialog, formatBytes, busy } from './ui.js';
import { uploadFile } from './upload.js';

function join(folder, name) {
  return folder === '/' ? `/${name}` : `${folder}/${name}`;
}

function parent(path) {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function createFiles() {
  let folder = '/';
  const crumbs = el('nav', { class: 'crumbs', 'aria-label': 'Folder' });
  const picker = el('input', { type: 'file', multiple: true, id: 'file-picker', class: 'visually-hidden', tabindex: '-1' });
  const uploadBtn = el('button', { type: 'button', class: 'primary', onclick: () => picker.click() }, 'Upload files');
  const toolbar = el('div', { class: 'toolbar' },
    el('button', { type: 'button', onclick: () => go(parent(folder)), 'aria-label': 'Up one folder' }, '↑ Up'),
    el('button', { type: 'button', onclick: goTo }, 'Go to folder'),
    el('button', { type: 'button', onclick: newFolder }, 'New folder'),
    uploadBtn,
    el('label', { for: 'file-picker', class: 'visually-hidden' }, 'Choose files to upload'),
    picker,
    el('button', { type: 'button', onclick: () => refresh() }, 'Refresh'));
  const uploads = el('ul', { class: 'uploads', 'aria-label': 'Uploads' });
  const pending = el('div', { class: 'pending' });
  const published = el('div', { class: 'published', 'aria-live': 'polite' });
  const tbody = el('tbody');
  const caption = el('caption', { class: 'visually-hidden' });
  const table = el('table', { class: 'list files-table' }, caption,
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Name'), el('th', { scope: 'col', class: 'num' }, 'Size'),
      el('th', { scope: 'col', class: 'num' }, 'Version'), el('th', { scope: 'col' }, 'Actions'))),
    tbody);
  const drop = el('div', { class: 'dropzone', 'aria-hidden': 'true' }, 'Drop files here to upload them to this folder');
  const element = el('div', { class: 'files' }, toolbar, crumbs, uploads, published, pending, el('div', { class: 'table-wrap' }, table), drop);

  picker.addEventListener('change', () => {
    const files = [...picker.files];
    picker.value = '';
    uploadAll(files);
  });
  let depth = 0;
  element.addEventListener('dragenter', (ev) => { if (hasFiles(ev)) { depth++; element.classList.add('dragging'); } });
  element.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; element.classList.remove('dragging'); } });
  element.addEventListener('dragover', (ev) => { if (hasFiles(ev)) ev.preventDefault(); });
  element.addEventListener('drop', (ev) => {
    ev.preventDefault();
    depth = 0;
    element.classList.remove('dragging');
    uploadAll([...ev.dataTransfer.files]);
  });

  function hasFiles(ev) { return ev.dataTransfer && [...ev.dataTransfer.types].includes('Files'); }

  function go(path) {
    folder = path;
    refresh();
  }

  async function refresh() {
    clear(crumbs, crumbLinks(folder));
    caption.textContent = `Files in ${folder}`;
    try {
      const entries = await api('GET', `/api/files/list?path=${q(folder)}`);
      entries.sort((a, b) => (b.folder - a.folder) || a.name.localeCompare(b.name));
      clear(tbody, entries.length ? entries.map(row) : el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'This folder is empty. Drop files here or use Upload files.')));
    } catch (e) {
      const why = e.status === 404 ? 'No such folder.'
        : e.status === 403 ? `You have no access to ${folder}. The owner can share a folder with you; open it with Go to folder.`
          : `Cannot list ${folder}: ${e.message}`;
      clear(tbody, el('tr', {}, el('td', { colspan: 4, class: 'muted' }, why)));
    }
    listPending();
  }

  function crumbLinks(path) {
    const parts = path.split('/').filter(Boolean);
    const out = [el('button', { type: 'button', class: 'link', onclick: () => go('/') }, 'Home')];
    let acc = '';
    for (const p of parts) {
      acc += `/${p}`;
      const target = acc;
      out.push(el('span', { 'aria-hidden': 'true' }, ' / '), el('button', { type: 'button', class: 'link', onclick: () => go(target) }, p));
    }
    out[out.length - 1].setAttribute('aria-current', 'location');
    return out;
  }

  function row(entry) {
    const path = join(folder, entry.name);
    const name = entry.folder
      ? el('button', { type: 'button', class: 'link name', onclick: () => go(path) }, `${entry.name}/`)
      : el('span', { class: 'name' }, entry.name);
    const actions = el('div', { class: 'actions' });
    if (!entry.folder) {
      actions.append(el('a', { class: 'button', href: `/api/files/content?path=${q(path)}`, download: entry.name, 'aria-label': `Download ${entry.name}` }, 'Download'),
        el('button', { type: 'button', 'aria-label': `Versions of ${entry.name}`, onclick: () => versions(path, entry) }, 'Versions'));
    }
    actions.append(
      el('button', { type: 'button', 'aria-label': `Rename or move ${entry.name}`, onclick: () => move(path) }, 'Rename/move'),
      el('button', { type: 'button', 'aria-label': `Publish ${entry.name} to IPFS`, onclick: (ev) => publish(path, ev.currentTarget) }, 'Publish'),
      el('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${entry.name}`, onclick: () => remove(path, entry.name) }, 'Delete'));
    return el('tr', { 'data-name': entry.name },
      el('td', {}, name),
      el('td', { class: 'num' }, entry.folder ? '' : formatBytes(entry.size)),
      el('td', { class: 'num' }, entry.folder ? '' : String(entry.version)),
      el('td', {}, actions));
  }

  async function uploadAll(files, resume) {
    for (const file of files) {
      const target = resume ? resume.path : join(folder, file.name);
      const bar = el('progress', { max: file.size || 1, value: 0, 'aria-label': `Uploading ${file.name}` });
      const text = el('span', { class: 'upload-status', role: 'status' }, 'starting…');
      const note = el('span', { class: 'upload-note small muted' });
      const item = el('li', { class: 'upload', 'data-name': file.name }, el('span', { class: 'upload-name' }, file.name), bar, text, note);
      uploads.append(item);
      try {
        await uploadFile(file, target, {
          resumeId: resume ? resume.id : null,
          progress: (n) => {
            bar.value = Math.min(n, file.size);
            text.textContent = `${formatBytes(Math.min(n, file.size))} of ${formatBytes(file.size)}`;
          },
          note: (t) => { note.textContent = t; },
        });
        bar.value = file.size || 1;
        text.textContent = 'done';
        item.classList.add('done');
        toast(`Uploaded ${file.name} (${formatBytes(file.size)})`, 'success');
        setTimeout(() => item.remove(), 8000);
      } catch (e) {
        text.textContent = `failed: ${e.message}`;
        item.classList.add('failed');
        errorToast(`Upload of ${file.name} failed`, e);
      }
    }
    refresh();
  }

  async function listPending() {
    try {
      const list = await api('GET', '/api/files/uploads');
      clear(pending, list.length ? [el('h3', {}, 'Unfinished uploads'), el('ul', {}, list.map(pendingItem))] : []);
    } catch {
      clear(pending);
    }
  }

  function pendingItem(u) {
    const input = el('input', { type: 'file', class: 'visually-hidden', 'aria-label': `File to resume ${u.path}` });
    input.addEventListener('change', () => {
      const f = input.files[0];
      if (f) uploadAll([f], u);
    });
    return el('li', {}, `${u.path} — ${formatBytes(u.received)} arrived `,
      el('button', { type: 'button', onclick: () => input.click() }, 'Resume with the same file'), input,
      el('button', { type: 'button', class: 'danger', onclick: async () => {
        try { await api('DELETE', `/api/files/uploads/${q(u.id)}`); listPending(); } catch (e) { errorToast('Discard', e); }
      } }, 'Discard'));
  }

  async function goTo() {
    await dialog({
      title: 'Go to folder',
      content: [el('label', {}, 'Folder path ', el('input', { name: 'path', required: true, value: folder, maxlength: 1024, autocomplete: 'off', spellcheck: 'false' }))],
      buttons: [{ label: 'Cancel' }, { label: 'Open', submit: true, primary: true, value: 'ok' }],
      onSubmit: async (form) => {
        const p = form.elements.path.value.trim().replace(/\/+$/, '');
        go(p.startsWith('/') ? p || '/' : `/${p}`);
      },
    });
  }

  async function newFolder() {
    await dialog({
      title: 'New folder',
      content: [el('label', {}, 'Name ', el('input', { name: 'name', required: true, maxlength: 255, autocomplete: 'off' }))],
      buttons: [{ label: 'Cancel' }, { label: 'Create', submit: true, primary: true, value: 'ok' }],
      onSubmit: async (form) => {
        await api('POST', `/api/files/mkdir?path=${q(join(folder, form.elements.name.value.trim()))}`);
        refresh();
      },
    });
  }

  async function move(path) {
    await dialog({
      title: 'Rename or move',
      content: [el('label', {}, 'New path ', el('input', { name: 'to', required: true, value: path, maxlength: 1024, autocomplete: 'off' }))],
      buttons: [{ label: 'Cancel' }, { label: 'Move', submit: true, primary: true, value: 'ok' }],
      onSubmit: async (form) => {
        const to = form.elements.to.value.trim();
        if (to === path) return true;
        await api('POST', `/api/files/move?path=${q(path)}&to=${q(to)}`);
        toast(`Moved to ${to}`, 'success');
        refresh();
      },
    });
  }

  async function remove(path, name) {
    if (!await confirmDialog('Delete', `Move ${name} to the trash?`, 'Delete', true)) return;
    try {
      await api('DELETE', `/api/files/content?path=${q(path)}`);
      toast(`${name} is in the trash.`, 'info', {
        action: { label: 'Undo', run: async () => {
          try { await api('POST', `/api/files/restore?path=${q(path)}`); toast(`${name} restored`, 'success'); refresh(); } catch (e) { errorToast('Restore', e); }
        } },
        timeout: 15000,
      });
      refresh();
    } catch (e) {
      errorToast(`Delete ${name}`, e);
    }
  }

  async function versions(path, entry) {
    let list;
    try {
      list = await api('GET', `/api/files/versions?path=${q(path)}`);
    } catch (e) {
      errorToast('Versions', e);
      return;
    }
    list.sort((a, b) => b - a);
    const current = Math.max(...list);
    const items = list.map((v) => el('li', {},
      el('span', {}, `Version ${v}${v === current ? ' (current)' : ''} `),
      el('a', { class: 'button', href: `/api/files/content?path=${q(path)}&version=${v}`, download: entry.name, 'aria-label': `Download version ${v}` }, 'Download'),
      v === current ? null : el('button', { type: 'button', 'aria-label': `Restore version ${v}`, onclick: (ev) => restoreVersion(path, v, ev.currentTarget) }, 'Restore')));
    await dialog({ title: `Versions of ${entry.name}`, content: [el('p', { class: 'muted' }, 'Restoring makes an old version the newest one; nothing is lost.'), el('ul', { class: 'versions' }, items)] });
  }

  async function restoreVersion(path, v, button) {
    await busy(button, async () => {
      try {
        const resp = await api('GET', `/api/files/content?path=${q(path)}&version=${v}`, { raw: true });
        const blob = await resp.blob();
        const r = await api('PUT', `/api/files/content?path=${q(path)}`, { body: blob });
        toast(`Version ${v} restored as version ${r.version}`, 'success');
        button.closest('dialog').close();
        refresh();
      } catch (e) {
        errorToast('Restore', e);
      }
    });
  }

  async function publish(path, button) {
    await busy(button, async () => {
      try {
        const r = await api('POST', `/api/files/publish?path=${q(path)}`);
        showPublished(r);
      } catch (e) {
        errorToast('Publish', e);
      }
    });
  }

  function showPublished(r) {
    const name = r.path.split('/').pop() || r.path;
    const box = el('div', { class: 'card published-item', 'data-cid': r.cid, role: 'status' },
      el('p', {}, `Published ${r.path}${r.folder ? ' (folder)' : ''} to IPFS.`),
      el('p', {}, 'CID: ', el('code', { class: 'cid' }, r.cid)),
      el('p', { class: 'actions' },
        el('a', { class: 'button', href: `/ipfs/${r.cid}`, target: '_blank', rel: 'noopener noreferrer' }, `/ipfs/${r.cid.slice(0, 12)}…`),
        el('a', { class: 'button', href: `/api/files/car?cid=${q(r.cid)}`, download: `${name}.car`, 'aria-label': `Export ${name} as CAR` }, 'Export CAR'),
        el('button', { type: 'button', onclick: (ev) => copy(r.cid, ev.currentTarget) }, 'Copy CID'),
        el('button', { type: 'button', onclick: async () => {
          try { await api('DELETE', `/api/files/publish?cid=${q(r.cid)}`); toast('Unpinned; its blocks go at the next garbage collection', 'success'); box.remove(); } catch (e) { errorToast('Unpin', e); }
        } }, 'Unpin'),
        el('button', { type: 'button', class: 'close', 'aria-label': 'Hide', onclick: () => box.remove() }, '×')));
    published.prepend(box);
    toast(`Published: ${r.cid}`, 'success');
  }

  async function copy(text, button) {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      toast('Copying needs clipboard permission; select the CID instead.', 'error');
    }
  }

  refresh();
  return { element, onShow: () => {} };
}
