// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title ERC-4907 rental NFT, user extension
/// @dev Matches the EIP text so that type(IERC4907).interfaceId == 0xad092b5c.
interface IERC4907 {
    /// @notice Emitted when the user of an NFT or its expiry changes; user 0 means no user.
    event UpdateUser(uint256 indexed tokenId, address indexed user, uint64 expires);

    /// @notice Sets the user and expiry of an NFT; callable by its owner or an approved address.
    function setUser(uint256 tokenId, address user, uint64 expires) external;

    /// @notice The current user of an NFT, or address(0) if none or expired.
    function userOf(uint256 tokenId) external view returns (address);

    /// @notice The UNIX time at which the user's right ends (0 if none).
    function userExpires(uint256 tokenId) external view returns (uint256);
}
