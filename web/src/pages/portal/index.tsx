// The citizen portal: `/` files a request without an account, `/takip` tracks one by its number and the last four
// digits of the phone. Public pages (no sign-in), made for a phone screen first.
import './style.css';
import { FileRequest } from './file-request';
import { Track } from './track';

export default function PortalPage({ path }: { path: string }) {
  return path.startsWith('/takip') ? <Track /> : <FileRequest />;
}
