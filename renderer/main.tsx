import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { wireStore } from './app/wire';
import { Root } from './Root';
import { getApi } from './transport';
import './styles/tokens.css';
import './styles/base.css';
import './app/shell.css';

// Subscriptions live outside React: set up once, whatever components mount or remount.
wireStore(getApi());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
