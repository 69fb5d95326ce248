// The panel page — being built in this session (replace this file entirely).
import { Shell } from '../../ui/layout';

export default function Page({ path }: { path: string }) {
  return <Shell><h1>panel</h1><p>{path}</p></Shell>;
}
