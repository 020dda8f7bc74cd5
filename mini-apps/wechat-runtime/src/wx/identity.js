// wx.login and the user-info APIs over the node's identity instead of WeChat's servers: there is
// no code2Session. The caller is already signed in to the node with a DID, so login answers
// {code: '', did, role} and a ported backend trusts the node's session rather than a code.
// identity: async () => {did, role} (node-backends.js asks the host's GET /wx/login).

import { asyncApi } from './callback.js';

function shortDid(did) {
  return did.length > 24 ? `${did.slice(0, 14)}…${did.slice(-6)}` : did;
}

export function createIdentityApis(identity) {
  const who = async () => {
    const r = await identity();
    return { did: String((r && r.did) || ''), role: String((r && r.role) || 'guest') };
  };
  const profile = async () => {
    const { did, role } = await who();
    // WeChat's userInfo fields; the nickname is the DID (shortened), there is no avatar.
    const userInfo = { nickName: shortDid(did), avatarUrl: '', gender: 0, country: '', province: '', city: '', language: 'en' };
    return { userInfo, rawData: JSON.stringify(userInfo), signature: '', did, role };
  };
  return {
    login: asyncApi('login', async () => ({ code: '', ...(await who()) })),
    checkSession: asyncApi('checkSession', async () => { await who(); return {}; }),
    getUserProfile: asyncApi('getUserProfile', profile),
    getUserInfo: asyncApi('getUserInfo', profile),
  };
}
