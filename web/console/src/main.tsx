/** Entry point of the staff console. The React 19 patch for antd 5 must load first. */
import '@ant-design/v5-patch-for-react-19';
import './i18n/index.js';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
