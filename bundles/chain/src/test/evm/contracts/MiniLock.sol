// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title MiniLock
/// @notice A minimal Unlock Protocol-style lock: the owner grants time-limited keys.
/// @dev Exposes only the read functions that Unlock's PublicLock uses for access checks.
///      It deliberately has no ERC-165, like many real-world locks probed by selector.
contract MiniLock is Ownable {
    mapping(address holder => uint256) private _expirations;

    /// @notice Emitted when a key is granted or its expiry replaced.
    event KeyGranted(address indexed holder, uint256 expiresAt);

    constructor() Ownable(msg.sender) {}

    /// @notice Gives `holder` a key valid until `expiresAt` (UNIX seconds, exclusive).
    function grantKey(address holder, uint256 expiresAt) external onlyOwner {
        _expirations[holder] = expiresAt;
        emit KeyGranted(holder, expiresAt);
    }

    /// @notice True while `holder` has a key that has not yet expired.
    function getHasValidKey(address holder) external view returns (bool) {
        return block.timestamp < _expirations[holder];
    }

    /// @notice The expiry of `holder`'s key (0 if none was ever granted).
    function keyExpirationTimestampFor(address holder) external view returns (uint256) {
        return _expirations[holder];
    }
}
