// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title ERC-5643 subscription NFT
/// @dev Matches the EIP text so that type(IERC5643).interfaceId == 0x8c65f84d.
interface IERC5643 {
    /// @notice Emitted when a subscription's expiry changes (0 after cancellation).
    event SubscriptionUpdate(uint256 indexed tokenId, uint64 expiration);

    /// @notice Extends the subscription of `tokenId` by `duration` seconds.
    function renewSubscription(uint256 tokenId, uint64 duration) external payable;

    /// @notice Ends the subscription of `tokenId` immediately.
    function cancelSubscription(uint256 tokenId) external payable;

    /// @notice The UNIX time at which the subscription of `tokenId` ends.
    function expiresAt(uint256 tokenId) external view returns (uint64);

    /// @notice Whether the subscription of `tokenId` can be renewed.
    function isRenewable(uint256 tokenId) external view returns (bool);
}
