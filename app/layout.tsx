import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Ops Alerts',
  description: 'Alerts and notifications for the operations team',
  applicationName: 'Ops Alerts',
  // installable: the manifest and its icons are rendered from app/icon.svg into public/
  manifest: '/manifest.webmanifest',
  appleWebApp: { capable: true, title: 'Ops Alerts', statusBarStyle: 'default' },
  icons: { apple: [{ url: '/apple-touch-icon.png', sizes: '180x180', type: 'image/png' }] },
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f8fafc' },
    { media: '(prefers-color-scheme: dark)', color: '#020617' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
