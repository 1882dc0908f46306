import '@mantine/core/styles.css';
import './i18n/i18n.js';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { refresh } from './accounts/session.store.js';
import { queryClient } from './api/query-client.js';
import { App } from './app/app.js';
import { cssVariablesResolver, theme } from './ui/theme.js';

// A returning user is signed in again through the refresh cookie before the first page shows.
void refresh();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
