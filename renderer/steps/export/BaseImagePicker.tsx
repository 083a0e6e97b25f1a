import { useEffect, useRef, useState } from 'react';
import { MIN_NODE_MAJOR, type LocalImage } from '../../../shared/image/base-images';
import { toErrorData } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import { TextInput } from '../../components/TextInput';
import { getApi } from '../../transport';

const INPUT_ID = 'image-base';

type Listing = { state: 'loading' } | { state: 'ready'; images: LocalImage[] } | { state: 'error'; message: string };

/**
 * The base image: typed (any reference the engine can pull), or picked from the engine's own images,
 * fit Node bases first with the reason beside each. Offline, only a local image can work, so the list
 * is what makes a build possible without a registry.
 */
export function BaseImagePicker({
  value,
  onChange,
  disabled,
  preferLocal,
}: {
  value: string;
  onChange: (v: string) => void;
  disabled: boolean;
  /** The value is only the product default: when the engine lacks it but has a fit base, pick that (offline, it is what builds). */
  preferLocal: boolean;
}) {
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const latest = useRef({ value, preferLocal, onChange });
  useEffect(() => {
    latest.current = { value, preferLocal, onChange };
  });
  const load = () => {
    setListing({ state: 'loading' });
    void getApi()
      .call('docker.images', {})
      .then(
        (r) => {
          setListing({ state: 'ready', images: r.images });
          // Read when the list arrives, not when it was asked for: the user may have typed meanwhile;
          // and never change the field under a user who is in it.
          const now = latest.current;
          const fit = r.images.find((i) => i.fit === 'node');
          const editing = document.activeElement?.id === INPUT_ID;
          if (now.preferLocal && !editing && fit && !r.images.some((i) => i.ref === now.value.trim())) now.onChange(fit.ref);
        },
        (e) => setListing({ state: 'error', message: toErrorData(e).message }),
      );
  };
  // Once per mount: a refresh is the user's to ask for.
  useEffect(load, []);
  const images = listing.state === 'ready' ? listing.images : [];
  const fit = images.filter((i) => i.fit === 'node');
  const typedIsLocal = images.some((i) => i.ref === value.trim());
  return (
    <div className="base-picker" data-testid="base-images" data-base-state={listing.state}>
      <TextInput
        id={INPUT_ID}
        label="Base image"
        mono
        value={value}
        disabled={disabled}
        onChange={onChange}
        spellCheck={false}
        hint={
          listing.state === 'ready' && value.trim() && !typedIsLocal
            ? 'Not on this machine: the engine will pull it, which needs a registry it can reach.'
            : `Debian-based, Node ≥ ${MIN_NODE_MAJOR}, linux/amd64: the server runs on node with onnxruntime's glibc build.`
        }
      />
      <fieldset className="base-list" disabled={disabled}>
        <legend className="field-label">
          On this machine{' '}
          <button type="button" className="btn btn-ghost btn-sm" onClick={load} disabled={listing.state === 'loading'}>
            Refresh
          </button>
        </legend>
        {listing.state === 'loading' ? <p className="muted small">Asking the engine for its images…</p> : null}
        {listing.state === 'error' ? (
          <p className="muted small" data-testid="base-images-error">
            Could not list local images: {listing.message}
          </p>
        ) : null}
        {listing.state === 'ready' && fit.length === 0 ? (
          <p className="small" data-testid="base-images-none">
            No image here has Node ≥ {MIN_NODE_MAJOR}. Online, type a Node image to pull (e.g.{' '}
            <code className="mono inline-code">node:22-bookworm-slim</code>
            ); offline, load one with <code className="mono inline-code">docker load</code> first.
          </p>
        ) : null}
        {images.length ? (
          <ul className="plain-list base-options">
            {images.map((img) => (
              <li key={img.ref} data-ref={img.ref} data-fit={img.fit}>
                <label className={img.fit === 'unfit' ? 'base-option base-option-unfit' : 'base-option'}>
                  <input
                    type="radio"
                    name="base-image"
                    value={img.ref}
                    checked={value.trim() === img.ref}
                    disabled={img.fit === 'unfit'}
                    onChange={() => onChange(img.ref)}
                  />
                  <span className="base-option-ref mono">{img.ref}</span>
                  <span className="base-option-size">{formatBytes(img.sizeBytes)}</span>
                  <span className="base-option-why small">
                    {img.fit === 'node' ? '✓ ' : img.fit === 'unfit' ? '✗ ' : ''}
                    {img.why}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        ) : null}
      </fieldset>
    </div>
  );
}
